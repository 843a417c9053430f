/*
 * The drktrc portal backend (new backend system).
 */

import { createBackend } from '@backstage/backend-defaults';
import { gitServerUrlReaderServiceFactory } from '@drktrc/plugin-git-server-backend';
import { permissionModuleDrktrcPolicy } from './modules/permissionPolicy';
import { kubernetesModuleDevClusterAuth } from './modules/kubernetesDevClusterAuth';
import { kubernetesModuleProxyWriteGuard } from './modules/kubernetesProxyWriteGuard';
import { authModuleDrktrcDevUsers } from './modules/devSignIn';
import { searchModuleDrktrcLunrEngine } from './modules/searchEngine';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// sops:encrypt (age locally, GCP KMS in production)
backend.add(import('@drktrc/plugin-scaffolder-backend-module-sops'));
// gitops:service:check, gitops:validate, publish:portal, gitops:cluster:register
backend.add(import('@drktrc/plugin-scaffolder-backend-module-gitops'));

// the portal's own git server (git http-backend) and its UrlReader
backend.add(import('@drktrc/plugin-git-server-backend'));
backend.add(gitServerUrlReaderServiceFactory);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider
// Google sign-in for production (app-config.production.yaml).
backend.add(import('@backstage/plugin-auth-backend-module-google-provider'));
// Development only: sign in as another catalog user (e.g. alex, a developer).
backend.add(authModuleDrktrcDevUsers);

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Everyone may read; only the platform group may use guarded actions.
backend.add(permissionModuleDrktrcPolicy);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));
// Without PostgreSQL (development): Lunr, answering an empty result for a
// type with no index yet (e.g. techdocs before the first docs build).
backend.add(searchModuleDrktrcLunrEngine);

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));
// Development clusters registered in the catalog: token from config or the
// dev cluster state folder (only when drktrc.devCluster is configured).
backend.add(kubernetesModuleDevClusterAuth);
// Writes through the Kubernetes proxy: platform team only (reads stay open).
backend.add(kubernetesModuleProxyWriteGuard);
// GitOps status (Flux, HPA, certificates) read through the Kubernetes plugin
backend.add(import('@drktrc/plugin-gitops-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
