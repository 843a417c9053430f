import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  gitServerUrls,
  repositoryNameProblem,
} from '@drktrc/plugin-gitops-common';
import { GitRepositoryStore } from './GitRepositoryStore';
import { serveWithGitHttpBackend } from './gitHttpBackend';

export interface RouterOptions {
  store: GitRepositoryStore;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** This plugin's external base URL (`.../api/git-server`), for the URLs it returns. */
  baseUrl: string;
}

/** Whether a smart HTTP request is part of a push (git-receive-pack). */
function isPush(gitPath: string, query: string): boolean {
  return (
    gitPath === '/git-receive-pack' ||
    (gitPath === '/info/refs' &&
      new URLSearchParams(query).get('service') === 'git-receive-pack')
  );
}

/**
 * Routes of the git server:
 * - `POST /repositories` `{ name }`: create (a Backstage token is required)
 * - `DELETE /repositories/:name`: delete an empty repository (token required)
 * - `GET /repositories/:name`: its URLs
 * - `GET /repositories/:name/blob/:ref/<path>`: a file
 * - `GET /repositories/:name/archive/:ref`: a tar of the tree
 * - `/git/<name>.git/...`: git smart HTTP through `git http-backend`;
 *   reads are open, pushes need a Backstage token.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, httpAuth, logger, baseUrl } = options;
  const router = Router();

  const checkedName = (name: string) => {
    const problem = repositoryNameProblem(name);
    if (problem) throw new InputError(problem);
    return name;
  };
  const describe = (name: string) => ({
    name,
    ...gitServerUrls(baseUrl, name),
    blobUrl: undefined,
    treeUrl: undefined,
  });

  router.post('/repositories', express.json(), async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const name = checkedName(req.body?.name);
    await store.create(name);
    logger.info('Created repository', {
      name,
      by:
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject,
    });
    res.status(201).json(describe(name));
  });

  router.delete('/repositories/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const name = checkedName(req.params.name);
    if (!store.exists(name))
      throw new NotFoundError(`Repository '${name}' not found`);
    await store.deleteEmpty(name);
    logger.info('Deleted empty repository', { name });
    res.status(204).end();
  });

  router.get('/repositories/:name', async (req, res) => {
    const name = checkedName(req.params.name);
    if (!store.exists(name))
      throw new NotFoundError(`Repository '${name}' not found`);
    res.json({ ...describe(name), empty: await store.isEmpty(name) });
  });

  router.get('/repositories/:name/archive/:ref(*)', async (req, res) => {
    const name = checkedName(req.params.name);
    const { commit, stream } = await store.archive(name, req.params.ref);
    res.setHeader('Content-Type', 'application/x-tar');
    res.setHeader('ETag', `"${commit}"`);
    stream.pipe(res);
  });

  router.get('/repositories/:name/blob/*', async (req, res) => {
    const name = checkedName(req.params.name);
    // The ref is the longest prefix of the rest that names a ref: keep it
    // simple and take the first segment (branches with slashes are not used).
    const rest = (req.params as Record<string, string>)[0] ?? '';
    const slash = rest.indexOf('/');
    if (slash <= 0) throw new InputError('Expected blob/<ref>/<path>');
    const blob = await store.readBlob(
      name,
      rest.slice(0, slash),
      rest.slice(slash + 1),
    );
    const etag = `"${blob.commit}"`;
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'application/octet-stream');
    res.send(blob.content);
  });

  router.use('/git', async (req, res) => {
    const match = /^\/([^/]+)\.git(\/.*)?$/.exec(req.path);
    if (!match) throw new NotFoundError('Expected /git/<name>.git/...');
    const name = checkedName(match[1]);
    const gitPath = match[2] ?? '/';
    if (!store.exists(name))
      throw new NotFoundError(`Repository '${name}' not found`);

    let remoteUser: string | undefined;
    const query = new URL(req.originalUrl, 'http://x').search.slice(1);
    if (isPush(gitPath, query)) {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      remoteUser =
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject;
    }
    await serveWithGitHttpBackend(req, res, {
      projectRoot: store.root,
      pathInfo: `/${name}.git${gitPath}`,
      remoteUser,
      logger,
    });
  });

  return router;
}
