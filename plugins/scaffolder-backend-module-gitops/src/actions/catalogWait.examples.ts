import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples for `gitops:catalog:wait`; a test runs every one. */
export const examples: TemplateExample[] = [
  {
    description:
      'Wait until the catalog serves the entity catalog:register registered, so the output link opens it',
    example: yaml.stringify({
      steps: [
        {
          id: 'catalog-ready',
          action: 'gitops:catalog:wait',
          name: 'Wait for the catalog',
          input: {
            entityRef: 'component:default/checkout',
            catalogInfoUrl:
              'http://localhost:7007/api/git-server/repositories/checkout/blob/main/catalog-info.yaml',
          },
        },
      ],
    }),
  },
  {
    description: 'Wait at most two minutes for a large location',
    example: yaml.stringify({
      steps: [
        {
          id: 'catalog-ready',
          action: 'gitops:catalog:wait',
          name: 'Wait for the catalog',
          input: {
            entityRef: 'system:default/payments',
            timeoutSeconds: 120,
          },
        },
      ],
    }),
  },
];
