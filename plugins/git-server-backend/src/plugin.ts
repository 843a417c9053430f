import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { targetPaths } from '@backstage/cli-common';
import { GIT_SERVER_PLUGIN_ID } from '@drktrc/plugin-gitops-common';
import path from 'node:path';
import { GitRepositoryStore } from './service/GitRepositoryStore';
import { createRouter } from './service/router';

/** Where repositories live when `gitServer.root` is not set (git-ignored). */
export const DEFAULT_GIT_SERVER_ROOT = '.drktrc/git';

/**
 * The portal's own git server: bare repositories under `gitServer.root`,
 * served over git smart HTTP by `git http-backend` at `/api/git-server/git`.
 * @public
 */
export const gitServerPlugin = createBackendPlugin({
  pluginId: GIT_SERVER_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        discovery: coreServices.discovery,
      },
      async init({ config, logger, httpRouter, httpAuth, discovery }) {
        const configured =
          config.getOptionalString('gitServer.root') ?? DEFAULT_GIT_SERVER_ROOT;
        const root = path.isAbsolute(configured)
          ? configured
          : targetPaths.resolveRoot(configured);
        const store = new GitRepositoryStore({ root });
        const baseUrl = await discovery.getExternalBaseUrl(
          GIT_SERVER_PLUGIN_ID,
        );
        logger.info('Serving git repositories', { root, baseUrl });
        httpRouter.use(
          await createRouter({ store, httpAuth, logger, baseUrl }),
        );
        // Reads (clone, fetch, files) are open; pushes, creation and
        // deletion check a Backstage token in the routes themselves.
        httpRouter.addAuthPolicy({ path: '/git', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/repositories',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
