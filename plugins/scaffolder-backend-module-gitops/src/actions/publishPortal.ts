import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GIT_SERVER_PLUGIN_ID,
  PUBLISH_PORTAL_ACTION_ID,
  gitServerUrls,
  repositoryNameProblem,
} from '@drktrc/plugin-gitops-common';
import { examples } from './publishPortal.examples';

/** Options of {@link createPublishPortalAction}. @public */
export interface PublishPortalActionOptions {
  auth: AuthService;
  discovery: DiscoveryService;
}

const BRANCH = 'main';

/** Runs git (no shell) with extra environment; the token travels in env, never argv. */
function git(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          ...env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const last = (stderr.trim() || stdout.trim()).split('\n').pop();
          reject(new Error(`git ${args[0]} failed: ${last}`));
        } else resolve(stdout.trim());
      },
    );
  });
}

/**
 * `publish:portal`: creates a repository on the portal's own git server,
 * commits the workspace as the user who ran the task and pushes it with
 * that user's Backstage token. Refuses an existing name; a failed push
 * removes the (still empty) repository again.
 * @public
 */
export function createPublishPortalAction(options: PublishPortalActionOptions) {
  const { auth, discovery } = options;
  return createTemplateAction({
    id: PUBLISH_PORTAL_ACTION_ID,
    description:
      "Publishes the workspace to a new repository on the portal's own git server (git smart HTTP), committed as the user who ran the task",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              "Repository name: a DNS label, lower case letters, digits and dashes, at most 63 (e.g. 'checkout')",
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace sub-directory to publish; default the whole workspace',
            ),
        gitCommitMessage: z =>
          z
            .string()
            .optional()
            .describe("Commit message; default 'Initial commit'"),
        checkOnly: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Only check that the name is valid and free and output the URLs it would have; publish nothing (a first step, before rendering)',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('git clone URL'),
        repoContentsUrl: z =>
          z.string().describe('URL of the repository tree on main'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('URL of catalog-info.yaml on main, for catalog:register'),
        commitHash: z => z.string().describe('The pushed commit'),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      const problem = repositoryNameProblem(repoName, 'repoName');
      if (problem) throw new InputError(problem);
      let source: string;
      try {
        source = resolveSafeChildPath(
          ctx.workspacePath,
          ctx.input.sourcePath ?? '.',
        );
      } catch {
        throw new InputError(
          `sourcePath '${ctx.input.sourcePath}' is outside the workspace`,
        );
      }

      const internal = await discovery.getBaseUrl(GIT_SERVER_PLUGIN_ID);
      const external = await discovery.getExternalBaseUrl(GIT_SERVER_PLUGIN_ID);
      const urls = gitServerUrls(external, repoName);
      const pushUrl = gitServerUrls(internal, repoName).cloneUrl;

      const existing = await fetch(`${internal}/repositories/${repoName}`);
      if (existing.ok) {
        throw new ConflictError(
          `repoName: repository '${repoName}' already exists on the portal git server; choose another name`,
        );
      }
      if (existing.status !== 404)
        throw await ResponseError.fromResponse(existing);

      const outputs = {
        remoteUrl: urls.cloneUrl,
        repoContentsUrl: urls.treeUrl(BRANCH),
        catalogInfoUrl: urls.blobUrl(BRANCH, 'catalog-info.yaml'),
      };
      if (ctx.isDryRun || ctx.input.checkOnly) {
        ctx.output('remoteUrl', outputs.remoteUrl);
        ctx.output('repoContentsUrl', outputs.repoContentsUrl);
        ctx.output('catalogInfoUrl', outputs.catalogInfoUrl);
        ctx.output('commitHash', '');
        return;
      }

      const user = ctx.user?.entity;
      const authorName =
        user?.spec?.profile && typeof user.spec.profile === 'object'
          ? String(
              (user.spec.profile as { displayName?: string }).displayName ??
                user.metadata.name,
            )
          : user?.metadata.name ?? 'Backstage scaffolder';
      const authorEmail =
        (user?.spec?.profile as { email?: string } | undefined)?.email ??
        `${user?.metadata.name ?? 'scaffolder'}@users.noreply.${
          new URL(external).hostname
        }`;

      const commitHash = await ctx.checkpoint({
        key: `publish.portal:${repoName}`,
        fn: async () => {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await ctx.getInitiatorCredentials(),
            targetPluginId: GIT_SERVER_PLUGIN_ID,
          });
          const created = await fetch(`${internal}/repositories`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${token}`,
            },
            body: JSON.stringify({ name: repoName }),
          });
          if (created.status === 409) {
            throw new ConflictError(
              `repoName: repository '${repoName}' already exists on the portal git server; choose another name`,
            );
          }
          if (!created.ok) throw await ResponseError.fromResponse(created);

          const gitDir = fs.mkdtempSync(
            path.join(os.tmpdir(), 'publish-portal-'),
          );
          const env = {
            GIT_DIR: gitDir,
            GIT_WORK_TREE: source,
            GIT_AUTHOR_NAME: authorName,
            GIT_AUTHOR_EMAIL: authorEmail,
            GIT_COMMITTER_NAME: authorName,
            GIT_COMMITTER_EMAIL: authorEmail,
            GIT_CONFIG_COUNT: '1',
            GIT_CONFIG_KEY_0: 'http.extraHeader',
            GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
          };
          try {
            await git(['init', '--quiet', `--initial-branch=${BRANCH}`], env);
            await git(['add', '--all'], env);
            await git(
              [
                'commit',
                '--quiet',
                '--no-verify',
                '-m',
                ctx.input.gitCommitMessage ?? 'Initial commit',
              ],
              env,
            );
            const hash = await git(['rev-parse', 'HEAD'], env);
            await git(
              ['push', '--quiet', pushUrl, `HEAD:refs/heads/${BRANCH}`],
              env,
            );
            return hash;
          } catch (e) {
            // Nothing was published: remove the empty repository again.
            await fetch(`${internal}/repositories/${repoName}`, {
              method: 'DELETE',
              headers: { Authorization: `Bearer ${token}` },
            });
            throw e;
          } finally {
            fs.rmSync(gitDir, { recursive: true, force: true });
          }
        },
      });

      ctx.logger.info('Published repository', {
        repoName,
        commitHash,
        remoteUrl: outputs.remoteUrl,
      });
      ctx.output('remoteUrl', outputs.remoteUrl);
      ctx.output('repoContentsUrl', outputs.repoContentsUrl);
      ctx.output('catalogInfoUrl', outputs.catalogInfoUrl);
      ctx.output('commitHash', commitHash);
    },
  });
}
