import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  GitFleetRepository,
  GkeClusterResolver,
} from '@drktrc/plugin-gitops-node';
import { createClusterRegisterAction } from './actions/clusterRegister';
import { createGitopsValidateAction } from './actions/validate';
import { createPublishPortalAction } from './actions/publishPortal';
import { createServiceCheckAction } from './actions/serviceCheck';

/**
 * drktrc's scaffolder actions: `gitops:service:check`, `gitops:validate`,
 * `publish:portal` and `gitops:cluster:register`.
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
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        scaffolder,
        auth,
        discovery,
        config,
        logger,
        catalog,
        permissions,
        lifecycle,
      }) {
        // gitops:service:check
        const githubConfigured = ScmIntegrations.fromConfig(config)
          .github.list()
          .some(i => Boolean(i.config.token || i.config.apps?.length));
        scaffolder.addActions(createServiceCheckAction({ githubConfigured }));

        // gitops:validate
        scaffolder.addActions(createGitopsValidateAction());

        // publish:portal
        scaffolder.addActions(createPublishPortalAction({ auth, discovery }));

        // gitops:cluster:register (needs a fleet repository)
        const fleet = config.getOptionalConfig('gitops.fleet');
        if (fleet) {
          const gke = new GkeClusterResolver({
            endpoint: config.getOptionalString('gitops.gke.endpoint'),
          });
          lifecycle.addShutdownHook(() => gke.close());
          scaffolder.addActions(
            createClusterRegisterAction({
              fleet: new GitFleetRepository({
                url: fleet.getString('repoUrl'),
                branch: fleet.getOptionalString('branch'),
              }),
              gke,
              catalog,
              permissions,
              catalogBaseUrl: fleet.getString('catalogBaseUrl'),
              authProviders: config.getOptionalStringArray(
                'gitops.cluster.authProviders',
              ),
            }),
          );
        } else {
          logger.info(
            'gitops:cluster:register is off: gitops.fleet.repoUrl is not configured',
          );
        }
      },
    });
  },
});
