import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  GIT_REF_PATTERN,
  repositoryNameProblem,
} from '@drktrc/plugin-gitops-common';
import { runGit } from './git';

/** The default branch of every repository the server creates. */
export const DEFAULT_BRANCH = 'main';

/** A file read from a repository at a commit. */
export interface GitBlob {
  commit: string;
  content: Buffer;
}

/**
 * Bare repositories in one folder, `<root>/<name>.git`. Names are checked
 * against the shared rule before any path is built, so nothing is created
 * outside the root.
 */
export class GitRepositoryStore {
  readonly root: string;

  constructor(options: { root: string }) {
    this.root = path.resolve(options.root);
  }

  /** The bare repository folder of `name` (validated). */
  repositoryPath(name: string): string {
    const problem = repositoryNameProblem(name);
    if (problem) throw new InputError(problem);
    return path.join(this.root, `${name}.git`);
  }

  exists(name: string): boolean {
    return fs.existsSync(path.join(this.repositoryPath(name), 'HEAD'));
  }

  /** Creates an empty bare repository with `main` as HEAD; refuses an existing name. */
  async create(name: string): Promise<void> {
    const dir = this.repositoryPath(name);
    fs.mkdirSync(this.root, { recursive: true });
    try {
      // mkdir without recursive fails if it exists: the name is taken atomically.
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(`Repository '${name}' already exists`);
      }
      throw e;
    }
    try {
      await runGit([
        'init',
        '--quiet',
        '--bare',
        `--initial-branch=${DEFAULT_BRANCH}`,
        dir,
      ]);
      // Pushes are authorised by the plugin before git runs.
      await runGit(['config', 'http.receivepack', 'true'], { cwd: dir });
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Whether the repository has no refs yet (nothing was ever pushed). */
  async isEmpty(name: string): Promise<boolean> {
    const refs = await runGit(['for-each-ref', '--count=1'], {
      cwd: this.existingPath(name),
    });
    return refs.length === 0;
  }

  /** Deletes a repository that holds no commits (rollback of a failed publish). */
  async deleteEmpty(name: string): Promise<void> {
    if (!(await this.isEmpty(name))) {
      throw new ConflictError(
        `Repository '${name}' has commits; only an empty repository can be deleted`,
      );
    }
    fs.rmSync(this.repositoryPath(name), { recursive: true, force: true });
  }

  /** The commit a branch or tag points at. */
  async resolveRef(name: string, ref: string): Promise<string> {
    if (!GIT_REF_PATTERN.test(ref)) {
      throw new InputError(
        `Invalid ref '${ref.replace(/[^\x20-\x7e]/g, '?')}'`,
      );
    }
    try {
      const out = await runGit(
        [
          'rev-parse',
          '--verify',
          '--quiet',
          '--end-of-options',
          `${ref}^{commit}`,
        ],
        { cwd: this.existingPath(name) },
      );
      return out.toString('utf8').trim();
    } catch {
      throw new NotFoundError(`Ref '${ref}' not found in repository '${name}'`);
    }
  }

  /** A file at a branch or tag. */
  async readBlob(
    name: string,
    ref: string,
    filePath: string,
  ): Promise<GitBlob> {
    const clean = cleanFilePath(filePath);
    const commit = await this.resolveRef(name, ref);
    try {
      const content = await runGit(['cat-file', 'blob', `${commit}:${clean}`], {
        cwd: this.existingPath(name),
      });
      return { commit, content };
    } catch {
      throw new NotFoundError(
        `File '${clean}' not found at '${ref}' in repository '${name}'`,
      );
    }
  }

  /** A tar archive (no prefix) of the tree at a branch or tag. */
  async archive(
    name: string,
    ref: string,
  ): Promise<{ commit: string; stream: Readable }> {
    const commit = await this.resolveRef(name, ref);
    const child = spawn('git', ['archive', '--format=tar', commit], {
      cwd: this.existingPath(name),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { commit, stream: child.stdout };
  }

  private existingPath(name: string): string {
    const dir = this.repositoryPath(name);
    if (!fs.existsSync(path.join(dir, 'HEAD'))) {
      throw new NotFoundError(`Repository '${name}' not found`);
    }
    return dir;
  }
}

/** A repository-relative file path with no `..`, no absolute path, no control characters. */
function cleanFilePath(filePath: string): string {
  const parts = filePath.split('/').filter(p => p !== '' && p !== '.');
  if (
    parts.length === 0 ||
    parts.some(p => p === '..') ||
    // eslint-disable-next-line no-control-regex
    /[\x00-\x1f]/.test(filePath)
  ) {
    throw new InputError('Invalid file path');
  }
  return parts.join('/');
}
