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
import { portalFleetRepository } from './fleet/portalFleetRepository';
import { createValidateAction } from './actions/validate';
import { createPublishPortalAction } from './actions/publishPortal';
import { createServiceCheckAction } from './actions/serviceCheck';
import { createCatalogWaitAction } from './actions/catalogWait';

/**
 * drktrc's scaffolder actions: `gitops:service:check`, `gitops:validate`,
 * `publish:portal`, `gitops:cluster:register` and `gitops:catalog:wait`.
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
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        scaffolder,
        auth,
        discovery,
        config,
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
        scaffolder.addActions(createValidateAction());

        // publish:portal
        scaffolder.addActions(createPublishPortalAction({ auth, discovery }));

        // gitops:cluster:register: the fleet repository is
        // gitops.fleet.repoUrl when configured (e.g. GitHub), else the
        // repository gitops.fleet.repository (default `fleet`) on the
        // portal's own git server.
        const fleetConfig = config.getOptionalConfig('gitops.fleet');
        const repoUrl = fleetConfig?.getOptionalString('repoUrl');
        const { fleet, catalogBaseUrl } = repoUrl
          ? {
              fleet: new GitFleetRepository({
                url: repoUrl,
                branch: fleetConfig?.getOptionalString('branch'),
              }),
              catalogBaseUrl: config.getString('gitops.fleet.catalogBaseUrl'),
            }
          : await portalFleetRepository({
              auth,
              discovery,
              name: fleetConfig?.getOptionalString('repository'),
            });
        const gke = new GkeClusterResolver({
          endpoint: config.getOptionalString('gitops.gke.endpoint'),
        });
        lifecycle.addShutdownHook(() => gke.close());
        scaffolder.addActions(
          createClusterRegisterAction({
            fleet,
            gke,
            catalog,
            permissions,
            catalogBaseUrl,
            authProviders: config.getOptionalStringArray(
              'gitops.cluster.authProviders',
            ),
          }),
        );

        // gitops:catalog:wait
        scaffolder.addActions(createCatalogWaitAction({ catalog }));
      },
    });
  },
});
