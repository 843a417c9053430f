import fs from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleSops } from './module';
import { tmpDir } from './__testUtils__/env';

// These tests run the real sops CLI and child processes on a shared machine.
jest.setTimeout(60_000);

describe('scaffolderModuleSops', () => {
  it('registers sops:encrypt and creates the development age key once', async () => {
    const keyFile = path.join(tmpDir(), 'dev/age-key.txt');
    const addActions = jest.fn();
    const start = () =>
      startTestBackend({
        extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
        features: [
          scaffolderModuleSops,
          mockServices.rootConfig.factory({
            data: { sops: { developmentAgeKeyFile: keyFile } },
          }),
        ],
      });
    const backend = await start();
    expect(addActions).toHaveBeenCalledTimes(1);
    expect(addActions.mock.calls[0][0].id).toBe('sops:encrypt');
    const first = fs.readFileSync(keyFile, 'utf8');
    expect(first).toMatch(/^# public key: age1[a-z0-9]+$/m);
    expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
    await backend.stop();

    const again = await start();
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(first);
    await again.stop();
  });
});
