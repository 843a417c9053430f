import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples for `sops:encrypt`; a test runs every one. */
export const examples: TemplateExample[] = [
  {
    description:
      'Encrypt a Kubernetes Secret in place for Flux; the password comes from the template secrets',
    example: yaml.stringify({
      steps: [
        {
          id: 'encrypt',
          action: 'sops:encrypt',
          name: 'Encrypt the database secret',
          input: {
            files: [
              {
                path: 'k8s/secret.yaml',
                secrets: { 'stringData.password': 'dbPassword' },
              },
            ],
            age: [
              'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
            ],
            encryptedRegex: '^(data|stringData)$',
          },
        },
      ],
    }),
  },
  {
    description:
      'Encrypt a dotenv file to a new path with the keys of the workspace .sops.yaml',
    example: yaml.stringify({
      steps: [
        {
          id: 'encrypt',
          action: 'sops:encrypt',
          name: 'Encrypt the app environment',
          input: {
            files: [
              {
                path: 'app.env.template',
                targetPath: 'app.enc.env',
                inputType: 'dotenv',
                secrets: { API_KEY: 'apiKey' },
              },
            ],
          },
        },
      ],
    }),
  },
];
