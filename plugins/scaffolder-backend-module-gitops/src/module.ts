import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGitopsValidateAction } from './actions/validate';
import { createPublishPortalAction } from './actions/publishPortal';
import { createServiceCheckAction } from './actions/serviceCheck';

/**
 * drktrc's scaffolder actions: `gitops:service:check`, `gitops:validate`, `publish:portal`.
 * @public
 */
export const scaffolderModuleGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        // gitops:service:check
        const githubConfigured = ScmIntegrations.fromConfig(config)
          .github.list()
          .some(i => Boolean(i.config.token || i.config.apps?.length));
        scaffolder.addActions(createServiceCheckAction({ githubConfigured }));

        // gitops:validate
        scaffolder.addActions(createGitopsValidateAction());

        // publish:portal
        scaffolder.addActions(createPublishPortalAction({ auth, discovery }));
      },
    });
  },
});
