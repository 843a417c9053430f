import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Registers a GKE cluster: endpoint and CA come from the GKE API (Application Default Credentials).',
    example: stringify({
      steps: [
        {
          id: 'register',
          action: 'gitops:cluster:register',
          name: 'Register the cluster',
          input: {
            name: 'prod-eu',
            project: 'acme-prod',
            location: 'europe-west2',
            cluster: 'prod-1',
            owner: 'group:default/platform-team',
            system: 'demo',
            environment: 'production',
            region: 'europe-west2',
          },
        },
      ],
    }),
  },
  {
    description:
      'Registers a cluster by its API server URL and CA certificate, checking that it answers.',
    example: stringify({
      steps: [
        {
          id: 'register',
          action: 'gitops:cluster:register',
          name: 'Register the cluster',
          input: {
            name: 'dev-2',
            endpoint: 'https://127.0.0.1:16444',
            caCertificate: '${{ parameters.caCertificate }}',
            authProvider: 'drktrc-dev-cluster',
            owner: 'group:default/platform-team',
            environment: 'development',
            region: 'local',
            checkConnectivity: true,
          },
        },
      ],
    }),
  },
];
