import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConflictError, InputError } from '@backstage/errors';
import {
  FleetChangeSet,
  FleetRepository,
  FleetUpdateResult,
} from './FleetRepository';

const run = promisify(execFile);

/** The push was rejected (someone else pushed first). */
class PushRejectedError extends ConflictError {}

/** Options of {@link GitFleetRepository}. @public */
export interface GitFleetRepositoryOptions {
  /** Remote URL (`gitops.fleet.repoUrl`): https, ssh or a local path. */
  url: string;
  /** Default `main`. */
  branch?: string;
  /** Commit author. */
  author?: { name: string; email: string };
  /**
   * Returns a value for an `Authorization` header sent on fetch and push
   * (for example `Bearer <backstage token>`); it is passed to git through
   * the environment, never on the command line or in the remote URL.
   */
  getAuthorization?: () => Promise<string | undefined>;
}

/**
 * A {@link FleetRepository} driven through the real `git` CLI: a shallow
 * clone into a temporary folder, a commit, a push; the folder is removed
 * afterwards.
 * @public
 */
export class GitFleetRepository implements FleetRepository {
  readonly url: string;
  readonly branch: string;

  constructor(private readonly options: GitFleetRepositoryOptions) {
    this.url = options.url;
    this.branch = options.branch ?? 'main';
  }

  async update(
    plan: (
      read: (p: string) => string | undefined,
    ) => Promise<FleetChangeSet> | FleetChangeSet,
    message: string,
  ): Promise<FleetUpdateResult> {
    // Someone else may push between our fetch and push: start again from
    // their commit (the plan reads the files afresh), a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.updateOnce(plan, message);
      } catch (err) {
        if (!(err instanceof PushRejectedError) || attempt >= 5) throw err;
      }
    }
  }

  private async updateOnce(
    plan: (
      read: (p: string) => string | undefined,
    ) => Promise<FleetChangeSet> | FleetChangeSet,
    message: string,
  ): Promise<FleetUpdateResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-fleet-'));
    try {
      const git = await this.gitIn(dir);
      await git('init', '-q', '-b', this.branch);
      await git('remote', 'add', 'origin', this.url);
      const { stdout } = await git(
        'ls-remote',
        '--heads',
        'origin',
        this.branch,
      );
      if (stdout.trim()) {
        await git('fetch', '-q', '--depth', '1', 'origin', this.branch);
        await git('checkout', '-q', '-B', this.branch, 'FETCH_HEAD');
      }
      const read = (p: string) => {
        const file = this.safe(dir, p);
        return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      };
      const changes = await plan(read);
      const changed = Object.entries(changes.write)
        .filter(([p, content]) => read(p) !== content)
        .map(([p]) => p);
      if (changed.length === 0) return { changed };
      for (const p of changed) {
        const file = this.safe(dir, p);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, changes.write[p]);
      }
      await git('add', '--', ...changed);
      await git('commit', '-q', '-m', message);
      try {
        await git('push', '-q', 'origin', `HEAD:refs/heads/${this.branch}`);
      } catch (err) {
        throw new PushRejectedError(
          `Could not push to the fleet repository (${this.branch}); someone else pushed at the same time, try again`,
          err,
        );
      }
      const commit = (await git('rev-parse', 'HEAD')).stdout.trim();
      return { changed, commit };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  private safe(dir: string, p: string): string {
    const file = path.resolve(dir, p);
    if (
      !file.startsWith(`${dir}${path.sep}`) ||
      file.includes(`${path.sep}.git${path.sep}`)
    ) {
      throw new InputError(`Fleet path '${p}' is outside the repository`);
    }
    return file;
  }

  private async gitIn(dir: string) {
    const authorization = await this.options.getAuthorization?.();
    const author = this.options.author ?? {
      name: 'drktrc portal',
      email: 'portal@drktrc.invalid',
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    if (authorization) {
      // git reads extra config from the environment, not the command line
      // (where other users could see it).
      env.GIT_CONFIG_COUNT = '1';
      env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
      env.GIT_CONFIG_VALUE_0 = `Authorization: ${authorization}`;
    }
    return (...args: string[]) =>
      run('git', args, { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
  }
}
