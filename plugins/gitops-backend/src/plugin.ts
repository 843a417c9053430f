import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  defaultCertificateThresholds,
  gitopsPermissions,
} from '@drktrc/plugin-gitops-common';
import { FluxActions } from './service/FluxActions';
import { GitopsStatusService } from './service/GitopsStatusService';
import { KubernetesBackendClient } from './service/KubernetesBackendClient';
import { createRouter } from './service/router';

/**
 * The gitops backend plugin (`/api/gitops`).
 *
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(gitopsPermissions);
        const kubernetes = new KubernetesBackendClient({
          discovery: deps.discovery,
          auth: deps.auth,
        });
        const thresholds = {
          warningDays:
            deps.config.getOptionalNumber('gitops.certificates.warningDays') ??
            defaultCertificateThresholds.warningDays,
          criticalDays:
            deps.config.getOptionalNumber('gitops.certificates.criticalDays') ??
            defaultCertificateThresholds.criticalDays,
        };
        const status = new GitopsStatusService({
          kubernetes,
          catalog: deps.catalog,
          cache: deps.cache,
          thresholds,
          fleetCacheTtlMs:
            (deps.config.getOptionalNumber('gitops.fleet.cacheTtlSeconds') ??
              15) * 1000,
        });
        const flux = new FluxActions({
          kubernetes,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, status, flux }),
        );
      },
    });
  },
});
