import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** The values of one staging environment; also used by the tests. */
export const exampleValues = {
  name: 'checkout',
  system: 'shop',
  description: 'Serves the checkout pages',
  image: 'ghcr.io/stefanprodan/podinfo',
  imageTag: '6.9.2',
  projectId: 'acme-shop-prod',
  region: 'europe-west2',
  zones: ['a', 'b', 'c'],
  environments: ['staging'],
  stateBucket: 'acme-shop-tfstate',
  clusters: [
    {
      environment: 'staging',
      releaseChannel: 'REGULAR',
      machineType: 'e2-standard-2',
      minNodesPerZone: 1,
      maxNodesPerZone: 3,
      privateEndpoint: false,
      authorizedNetworks: ['203.0.113.0/24'],
    },
  ],
  baseDomain: 'shop.example.com',
  hosts: ['@', 'api'],
  acmeEmail: 'platform@example.com',
  issuer: 'letsencrypt-staging',
  minReplicas: 2,
  maxReplicas: 10,
  appSecretName: 'API_KEY',
};

/** Examples for `gitops:service:check`; a test runs every one. */
export const examples: TemplateExample[] = [
  {
    description: 'Check the form values and get one plan per environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'gitops:service:check',
          name: 'Check the values',
          input: { values: exampleValues },
        },
      ],
    }),
  },
];
