import fs from 'node:fs';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { AgeKeySource, KeySourceRegistry } from '@drktrc/sops';
import { Validator } from 'jsonschema';
import { parse } from 'yaml';
import { createSopsEncryptAction } from './encrypt';
import { examples } from './encrypt.examples';
import { readTree, tmpDir } from '../__testUtils__/env';

describe('sops:encrypt examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_d, example) => {
      const workspacePath = tmpDir();
      fs.mkdirSync(path.join(workspacePath, 'k8s'));
      fs.writeFileSync(
        path.join(workspacePath, 'k8s/secret.yaml'),
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData: {}\n',
      );
      fs.writeFileSync(
        path.join(workspacePath, 'app.env.template'),
        'LOG_LEVEL=info\n',
      );
      fs.writeFileSync(
        path.join(workspacePath, '.sops.yaml'),
        'creation_rules:\n  - age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n',
      );
      const action = createSopsEncryptAction({
        keySources: new KeySourceRegistry([new AgeKeySource()]),
      });
      const step = parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const validation = new Validator().validate(
        step.input,
        action.schema!.input!,
      );
      expect(validation.errors).toEqual([]);
      const bad = new Validator().validate(
        { files: [{ path: 'x', inputType: 'ini' }] },
        action.schema!.input!,
      );
      expect(bad.valid).toBe(false);
      await action.handler(
        createMockActionContext({
          input: step.input,
          workspacePath,
          secrets: {
            dbPassword: 'example-db-password',
            apiKey: 'example-api-key',
          },
        }),
      );
      const files = readTree(workspacePath);
      const written = Object.entries(files).filter(
        ([, c]) => c.includes('mac: ENC[') || c.includes('sops_mac=ENC['),
      );
      expect(written).toHaveLength(1);
      expect(JSON.stringify(files)).not.toMatch(
        /example-db-password|example-api-key/,
      );
    },
  );
});
