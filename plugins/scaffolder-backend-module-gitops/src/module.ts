import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  GitFleetRepository,
  GkeClusterResolver,
} from '@drktrc/plugin-gitops-node';
import { createClusterRegisterAction } from './actions/clusterRegister';

/**
 * Registers the drktrc GitOps scaffolder actions.
 * @public
 */
export const scaffolderModuleGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        scaffolder,
        config,
        logger,
        catalog,
        permissions,
        lifecycle,
      }) {
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
