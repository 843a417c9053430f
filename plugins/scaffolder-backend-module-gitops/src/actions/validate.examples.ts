import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Validate the whole generated repository before publishing',
    example: stringify({
      steps: [
        {
          id: 'validate',
          name: 'Validate',
          action: 'gitops:validate',
          input: {},
        },
      ],
    }),
  },
  {
    description:
      'Validate one folder of the workspace, without the checkov scan',
    example: stringify({
      steps: [
        {
          id: 'validate',
          name: 'Validate the Flux tree',
          action: 'gitops:validate',
          input: {
            path: 'repo',
            checks: ['kustomize', 'schema', 'helm', 'consistency', 'hcl'],
          },
        },
      ],
    }),
  },
];
