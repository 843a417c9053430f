import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples for `gitops:validate`; a test runs every one. */
export const examples: TemplateExample[] = [
  {
    description: 'Build every kustomization of the rendered repository',
    example: yaml.stringify({
      steps: [{ id: 'validate', action: 'gitops:validate', name: 'Validate' }],
    }),
  },
  {
    description: 'Build only the Flux tree under a sub-directory',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'gitops:validate',
          name: 'Validate the Flux tree',
          input: { path: 'clusters' },
        },
      ],
    }),
  },
];
