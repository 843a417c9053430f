/** The files the dev cluster writes for its clients: kubeconfig and the Backstage config fragment. */
import { stringify } from 'yaml';
import {
  gitopsStatusKinds,
  toKubernetesCustomResources,
} from '@drktrc/plugin-gitops-common';

export interface ClientFilesOptions {
  url: string;
  token: string;
  caPem: string;
  /** A loopback URL where nothing listens: the "unreachable" cluster. */
  unreachableUrl: string;
  /**
   * The state folder (with the `token` file). When given, the fragment
   * enables the portal's development-cluster auth strategy, so clusters
   * registered in the catalog with `kubernetes.io/auth-provider:
   * drktrcDevCluster` get this folder's token.
   */
  stateDir?: string;
}

/** Loopback hosts the catalog cluster locator may use in development only. */
export const DEV_CLUSTER_ALLOWED_HOSTS = ['127.0.0.1', 'localhost'];

export const CONTEXT_NAME = 'drktrc-dev-cluster';

export function kubeconfigYaml(options: ClientFilesOptions): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CONTEXT_NAME,
        cluster: {
          server: options.url,
          'certificate-authority-data': Buffer.from(options.caPem).toString(
            'base64',
          ),
        },
      },
    ],
    users: [{ name: CONTEXT_NAME, user: { token: options.token } }],
    contexts: [
      {
        name: CONTEXT_NAME,
        context: {
          cluster: CONTEXT_NAME,
          user: CONTEXT_NAME,
          namespace: 'default',
        },
      },
    ],
    'current-context': CONTEXT_NAME,
    preferences: {},
  });
}

/**
 * Flux and cert-manager kinds the portal asks the Kubernetes backend for:
 * the kinds the GitOps status views read (`@drktrc/plugin-gitops-common`).
 */
export const portalCustomResources = toKubernetesCustomResources(
  gitopsStatusKinds,
  // Plain objects: the config fragment is a JSON value.
).map(({ group, apiVersion, plural }) => ({ group, apiVersion, plural }));

/** The `kubernetes:` block for Backstage's Kubernetes backend (a JSON value). */
export function backstageKubernetesConfig(options: ClientFilesOptions) {
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'dev-cluster',
              title: 'Development cluster',
              url: options.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: options.token,
              caData: Buffer.from(options.caPem).toString('base64'),
              skipMetricsLookup: true,
            },
            {
              name: 'unreachable',
              title: 'Unreachable cluster',
              url: options.unreachableUrl,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'x',
              skipTLSVerify: true,
              skipMetricsLookup: true,
            },
          ],
        },
        // Registered clusters (catalog Resources); loopback URLs are allowed
        // here, in the development fragment, and nowhere in production.
        {
          type: 'catalog',
          dangerouslyAllowClusterUrls: DEV_CLUSTER_ALLOWED_HOSTS,
        },
      ],
      customResources: portalCustomResources,
    },
    ...(options.stateDir
      ? {
          drktrc: { devCluster: { stateDir: options.stateDir } },
          gitops: {
            cluster: { authProviders: ['google', 'drktrcDevCluster'] },
          },
        }
      : {}),
  };
}

export function backstageConfigYaml(options: ClientFilesOptions): string {
  return `# Written by \`yarn drktrc dev-cluster\`; regenerated on every start.\n${stringify(
    backstageKubernetesConfig(options),
  )}`;
}
