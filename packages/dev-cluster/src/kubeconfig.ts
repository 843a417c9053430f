/** The files the dev cluster writes for its clients: kubeconfig and the Backstage config fragment. */
import { stringify } from 'yaml';

export interface ClientFilesOptions {
  url: string;
  token: string;
  caPem: string;
  /** A loopback URL where nothing listens: the "unreachable" cluster. */
  unreachableUrl: string;
}

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

/** Flux and cert-manager kinds the portal asks the Kubernetes backend for. */
export const portalCustomResources = [
  {
    group: 'kustomize.toolkit.fluxcd.io',
    apiVersion: 'v1',
    plural: 'kustomizations',
  },
  { group: 'helm.toolkit.fluxcd.io', apiVersion: 'v2', plural: 'helmreleases' },
  {
    group: 'source.toolkit.fluxcd.io',
    apiVersion: 'v1',
    plural: 'gitrepositories',
  },
  {
    group: 'source.toolkit.fluxcd.io',
    apiVersion: 'v1',
    plural: 'ocirepositories',
  },
  {
    group: 'source.toolkit.fluxcd.io',
    apiVersion: 'v1',
    plural: 'helmrepositories',
  },
  { group: 'cert-manager.io', apiVersion: 'v1', plural: 'certificates' },
];

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
      ],
      customResources: portalCustomResources,
    },
  };
}

export function backstageConfigYaml(options: ClientFilesOptions): string {
  return `# Written by \`yarn drktrc dev-cluster\`; regenerated on every start.\n${stringify(
    backstageKubernetesConfig(options),
  )}`;
}
