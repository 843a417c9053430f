import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  CLUSTER_REGISTER_ACTION_ID,
  gitopsClusterRegisterPermission,
} from '@drktrc/plugin-gitops-common';
import {
  GitFleetRepository,
  GkeClusterResolver,
} from '@drktrc/plugin-gitops-node';
import { createClusterRegisterAction } from './clusterRegister';

describe('gitops:cluster:register', () => {
  let tmp: string;
  let remote: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-register-'));
    remote = path.join(tmp, 'fleet.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const refs = () =>
    execFileSync('git', ['--git-dir', remote, 'for-each-ref'], {
      encoding: 'utf8',
    });

  function actionWith(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const permissions = mockServices.permissions.mock({
      authorize: async requests => requests.map(() => ({ result })),
    });
    const catalog = catalogServiceMock.mock();
    const action = createClusterRegisterAction({
      fleet: new GitFleetRepository({ url: remote }),
      gke: new GkeClusterResolver({ endpoint: '127.0.0.1:1' }),
      catalog,
      permissions,
      catalogBaseUrl: 'https://git.example.com/fleet/blob/main/',
    });
    return { action, permissions, catalog };
  }

  const input = {
    name: 'dev-2',
    endpoint: 'https://10.1.2.3',
    caCertificate: 'not a certificate',
    owner: 'group:default/platform-team',
    environment: 'development',
    region: 'local',
  };

  it('has the id from gitops-common', () => {
    expect(actionWith(AuthorizeResult.ALLOW).action.id).toBe(
      CLUSTER_REGISTER_ACTION_ID,
    );
  });

  it('refuses a caller without gitops.cluster.register (403), before reading input, writing or registering anything', async () => {
    const { action, permissions, catalog } = actionWith(AuthorizeResult.DENY);
    const ctx = createMockActionContext({ input });
    const err = await action.handler(ctx).catch(e => e);
    expect(err.name).toBe('NotAllowedError');
    expect(err.message).toMatch(/Only the platform team may register clusters/);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: gitopsClusterRegisterPermission }],
      expect.anything(),
    );
    expect(refs()).toBe('');
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('an allowed caller with a bad CA gets an error naming the field and nothing is written', async () => {
    const { action, catalog } = actionWith(AuthorizeResult.ALLOW);
    await expect(
      action.handler(createMockActionContext({ input })),
    ).rejects.toThrow(/^caCertificate: not a PEM certificate/);
    expect(refs()).toBe('');
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
