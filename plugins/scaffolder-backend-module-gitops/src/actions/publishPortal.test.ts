import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import gitServerPlugin from '@drktrc/plugin-git-server-backend';
import { run } from '../__testUtils__/portalBackend';
import { createPublishPortalAction } from './publishPortal';

jest.setTimeout(60_000);

describe('publish:portal', () => {
  let gitRoot: string;
  let workspacePath: string;
  let base: string;
  let action: ReturnType<typeof createPublishPortalAction>;

  beforeEach(async () => {
    gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-git-'));
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-ws-'));
    fs.writeFileSync(
      path.join(workspacePath, 'catalog-info.yaml'),
      'kind: Component\n',
    );
    const backend = await startTestBackend({
      features: [
        gitServerPlugin,
        mockServices.rootConfig.factory({
          data: { gitServer: { root: gitRoot } },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    base = `http://localhost:${backend.server.port()}/api/git-server`;
    action = createPublishPortalAction({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => base,
        getExternalBaseUrl: async () => base,
      }),
    });
  });

  afterEach(() => {
    fs.rmSync(gitRoot, { recursive: true, force: true });
    fs.rmSync(workspacePath, { recursive: true, force: true });
  });

  type Context = Parameters<typeof action.handler>[0];
  const context = (input: Context['input']) =>
    createMockActionContext<Context['input']>({
      input,
      workspacePath,
      user: {
        ref: 'user:default/alex',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alex' },
          spec: { profile: { displayName: 'Alex', email: 'alex@example.com' } },
        },
      },
    });

  it('creates the repository, commits as the user and pushes', async () => {
    const ctx = context({ repoName: 'checkout' });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${base}/git/checkout.git`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${base}/repositories/checkout/blob/main/catalog-info.yaml`,
    );
    const clone = path.join(workspacePath, '..', `clone-${Date.now()}`);
    await run('git', ['clone', '--quiet', `${base}/git/checkout.git`, clone]);
    expect(
      await run('git', ['log', '--format=%an <%ae>'], { cwd: clone }),
    ).toBe('Alex <alex@example.com>\n');
    expect(fs.existsSync(path.join(workspacePath, '.git'))).toBe(false);
    fs.rmSync(clone, { recursive: true, force: true });
  });

  it.each([
    ['../etc', 'repoName must be lower case'],
    ['Checkout', 'repoName must be lower case'],
    ['a'.repeat(64), 'repoName is longer than 63 characters'],
    ['a\nb', 'repoName must be lower case'],
  ])(
    'refuses the name %j naming repoName, creating nothing',
    async (repoName, message) => {
      await expect(action.handler(context({ repoName }))).rejects.toThrow(
        message,
      );
      expect(fs.readdirSync(gitRoot)).toEqual([]);
    },
  );

  it('refuses an existing name', async () => {
    await action.handler(context({ repoName: 'orders' }));
    await expect(
      action.handler(context({ repoName: 'orders' })),
    ).rejects.toThrow("repoName: repository 'orders' already exists");
  });

  it('only checks with checkOnly', async () => {
    const ctx = context({ repoName: 'later', checkOnly: true });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${base}/repositories/later/tree/main/`,
    );
    expect(fs.readdirSync(gitRoot)).toEqual([]);
  });

  it('removes the repository again when the push cannot happen', async () => {
    fs.rmSync(path.join(workspacePath, 'catalog-info.yaml'));
    await expect(
      action.handler(context({ repoName: 'empty' })),
    ).rejects.toThrow(/git commit failed/);
    expect(fs.readdirSync(gitRoot)).toEqual([]);
  });

  it('refuses a source path outside the workspace', async () => {
    await expect(
      action.handler(context({ repoName: 'x', sourcePath: '../' })),
    ).rejects.toThrow("sourcePath '../' is outside the workspace");
  });
});
