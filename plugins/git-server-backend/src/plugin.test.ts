import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { gitServerPlugin } from './plugin';
import { GitServerUrlReader } from './urlReader/GitServerUrlReader';
import { runGit } from './service/git';

const userToken = mockCredentials.user.token('user:default/alex');

/** git with no prompts and no user config, optionally sending a Backstage token. */
function git(args: string[], cwd: string, token?: string) {
  return runGit(
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      ...(token
        ? ['-c', `http.extraHeader=Authorization: Bearer ${token}`]
        : []),
      ...args,
    ],
    {
      cwd,
      env: {
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
      },
    },
  );
}

jest.setTimeout(60_000);

describe('git server', () => {
  let root: string;
  let work: string;
  let base: string;

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-server-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'git-client-'));
    const backend = await startTestBackend({
      features: [
        gitServerPlugin,
        mockServices.rootConfig.factory({ data: { gitServer: { root } } }),
        // A request without a token is anonymous (the default mock would make it a user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    base = `http://localhost:${backend.server.port()}/api/git-server`;
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  const create = (name: unknown, token: string | null = userToken) =>
    fetch(`${base}/repositories`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ name }),
    });

  async function pushOneCommit(name: string, token?: string) {
    const src = path.join(work, 'src');
    fs.mkdirSync(path.join(src, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(src, 'catalog-info.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(src, 'docs', 'index.md'), '# Docs\n');
    await git(['init', '--quiet', '--initial-branch=main'], src);
    await git(['add', '.'], src);
    await git(['commit', '--quiet', '-m', 'initial'], src);
    await git(['push', `${base}/git/${name}.git`, 'main'], src, token);
  }

  it('creates a repository, takes a push with a token and serves plain git clone', async () => {
    const created = await create('checkout');
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      name: 'checkout',
      cloneUrl: `${base}/git/checkout.git`,
    });
    expect(fs.existsSync(path.join(root, 'checkout.git', 'HEAD'))).toBe(true);

    await pushOneCommit('checkout', userToken);

    const clone = path.join(work, 'clone');
    await git(['clone', '--quiet', `${base}/git/checkout.git`, clone], work);
    expect(fs.readFileSync(path.join(clone, 'catalog-info.yaml'), 'utf8')).toBe(
      'kind: Component\n',
    );
    const log = await git(['log', '--format=%s'], clone);
    expect(log.toString().trim()).toBe('initial');
  });

  it('refuses a push without a token and leaves the repository empty', async () => {
    expect((await create('payments')).status).toBe(201);
    await expect(pushOneCommit('payments')).rejects.toThrow(
      // git got a 401 and, with prompts off, cannot ask for credentials
      /could not read Username|401|Authentication/i,
    );
    const info = await (await fetch(`${base}/repositories/payments`)).json();
    expect(info.empty).toBe(true);
  });

  it('refuses an existing name, invalid names and creation without a token', async () => {
    expect((await create('orders')).status).toBe(201);
    const again = await create('orders');
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(
      /'orders' already exists/,
    );

    for (const bad of [
      '../etc',
      'Upper',
      'a'.repeat(64),
      'new\nline',
      'a"b',
      '${x}',
      '',
    ]) {
      const res = await create(bad);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/repository name/);
    }
    expect(fs.readdirSync(root)).toEqual(['orders.git']);

    expect((await create('anonymous', null)).status).toBe(401);
    expect(fs.existsSync(path.join(root, 'anonymous.git'))).toBe(false);
  });

  it('deletes only empty repositories', async () => {
    expect((await create('empty')).status).toBe(201);
    expect((await create('full')).status).toBe(201);
    await pushOneCommit('full', userToken);
    const del = (name: string) =>
      fetch(`${base}/repositories/${name}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${userToken}` },
      });
    expect((await del('full')).status).toBe(409);
    expect((await del('empty')).status).toBe(204);
    expect(fs.readdirSync(root)).toEqual(['full.git']);
  });

  it('serves files and trees to the catalog through its UrlReader', async () => {
    expect((await create('inventory')).status).toBe(201);
    await pushOneCommit('inventory', userToken);

    const reader = UrlReaders.default({
      config: new ConfigReader({
        backend: { baseUrl: base.replace(/\/api\/git-server$/, '') },
      }),
      logger: mockServices.logger.mock(),
      factories: [GitServerUrlReader.factory],
    });
    const fileUrl = `${base}/repositories/inventory/blob/main/catalog-info.yaml`;
    const file = await reader.readUrl(fileUrl);
    expect((await file.buffer()).toString()).toBe('kind: Component\n');
    await expect(reader.readUrl(fileUrl, { etag: file.etag })).rejects.toThrow(
      expect.objectContaining({ name: 'NotModifiedError' }),
    );
    await expect(
      reader.readUrl(`${base}/repositories/inventory/blob/main/missing.yaml`),
    ).rejects.toThrow(expect.objectContaining({ name: 'NotFoundError' }));

    const tree = await reader.readTree(
      `${base}/repositories/inventory/tree/main/docs`,
    );
    const files = await tree.files();
    expect(files.map(f => f.path)).toEqual(['index.md']);
    expect((await files[0].content()).toString()).toBe('# Docs\n');

    const found = await reader.search(fileUrl);
    expect(found.files).toHaveLength(1);
  });

  it('refuses paths that leave the repository', async () => {
    expect((await create('safe')).status).toBe(201);
    await pushOneCommit('safe', userToken);
    const res = await fetch(
      `${base}/repositories/safe/blob/main/..%2F..%2Fconfig`,
    );
    expect(res.status).toBe(400);
    const res2 = await fetch(`${base}/git/..%2Fsafe.git/info/refs`);
    expect([400, 404]).toContain(res2.status);
  });
});
