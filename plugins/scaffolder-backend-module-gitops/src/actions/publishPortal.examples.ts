import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples for `publish:portal`; a test runs every one. */
export const examples: TemplateExample[] = [
  {
    description:
      "Publish the workspace to a new repository on the portal's git server",
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:portal',
          name: 'Publish',
          input: { repoName: 'checkout' },
        },
      ],
    }),
  },
  {
    description: 'Publish a sub-directory with a commit message',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:portal',
          name: 'Publish',
          input: {
            repoName: 'payments',
            sourcePath: 'repository',
            gitCommitMessage:
              'Scaffold payments from the GitOps service template',
          },
        },
      ],
    }),
  },
];
