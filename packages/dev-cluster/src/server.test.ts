import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { parse } from 'yaml';
import { DevCluster } from './startDevCluster';
import { RawResponse, rawRequest, startTestCluster } from './testUtils';

const PODS = '/api/v1/pods';

describe('dev cluster API', () => {
  let cluster: DevCluster;
  const req = (path: string, init: Parameters<typeof rawRequest>[2] = {}) =>
    rawRequest(cluster, path, { token: cluster.token, ...init });

  beforeAll(async () => {
    cluster = await startTestCluster({ controllers: false, components: 3 });
  });

  afterAll(() => cluster.close());

  it('writes a kubeconfig and a Backstage config fragment for the server', () => {
    const kubeconfig = parse(readFileSync(cluster.kubeconfigPath, 'utf8'));
    expect(kubeconfig.clusters[0].cluster.server).toBe(cluster.url);
    expect(kubeconfig.users[0].user.token).toBe(cluster.token);
    const appConfig = parse(readFileSync(cluster.appConfigPath, 'utf8'));
    const [dev, unreachable] =
      appConfig.kubernetes.clusterLocatorMethods[0].clusters;
    expect(dev).toMatchObject({
      name: 'dev-cluster',
      url: cluster.url,
      serviceAccountToken: cluster.token,
      caData: Buffer.from(cluster.caPem).toString('base64'),
    });
    expect(unreachable).toMatchObject({
      name: 'unreachable',
      url: 'https://127.0.0.1:1',
    });
    expect(appConfig.kubernetes.serviceLocatorMethod).toEqual({
      type: 'multiTenant',
    });
  });

  it('serves discovery for every group', async () => {
    const groups = (await req('/apis')).json.groups;
    expect(
      groups.find((g: any) => g.name === 'kustomize.toolkit.fluxcd.io'),
    ).toEqual({
      name: 'kustomize.toolkit.fluxcd.io',
      versions: [
        { groupVersion: 'kustomize.toolkit.fluxcd.io/v1', version: 'v1' },
        {
          groupVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
          version: 'v1beta2',
        },
      ],
      preferredVersion: {
        groupVersion: 'kustomize.toolkit.fluxcd.io/v1',
        version: 'v1',
      },
    });
    const core = (await req('/api/v1')).json;
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/status',
        'namespaces',
        'events',
        'secrets',
      ]),
    );
  });

  it('serves older versions with their apiVersion', async () => {
    const res = await req(
      '/apis/helm.toolkit.fluxcd.io/v2beta2/namespaces/flux-system/helmreleases/podinfo-production',
    );
    expect(res.json.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta2');
  });

  it('pages through a list with limit and continue', async () => {
    const all = (await req(PODS)).json;
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    const remaining: number[] = [];
    do {
      const page = (
        await req(`${PODS}?limit=5${token ? `&continue=${token}` : ''}`)
      ).json;
      names.push(
        ...page.items.map(
          (p: any) => `${p.metadata.namespace}/${p.metadata.name}`,
        ),
      );
      token = page.metadata.continue;
      remaining.push(page.metadata.remainingItemCount ?? 0);
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(all.items.length / 5));
    expect(remaining).toEqual(
      Array.from({ length: pages }, (_, i) =>
        Math.max(0, all.items.length - 5 * (i + 1)),
      ),
    );
    expect(names).toEqual(
      all.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`),
    );
  });

  it('filters by namespace path, label and field selectors', async () => {
    const staging = (await req('/api/v1/namespaces/podinfo-staging/pods')).json
      .items;
    expect(staging).toHaveLength(2);
    const byName = (
      await req(
        `${PODS}?fieldSelector=metadata.name%3D${staging[0].metadata.name}`,
      )
    ).json.items;
    expect(byName).toHaveLength(1);
    const byNamespace = (
      await req(
        `/apis/autoscaling/v2/horizontalpodautoscalers?fieldSelector=metadata.namespace%3Dpodinfo-production&labelSelector=backstage.io%2Fkubernetes-id%3Dpodinfo`,
      )
    ).json.items;
    expect(byNamespace.map((h: any) => h.metadata.namespace)).toEqual([
      'podinfo-production',
    ]);
    const other = (
      await req(`${PODS}?labelSelector=backstage.io%2Fkubernetes-id%3Dsvc-0002`)
    ).json.items;
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((p: any) => p.metadata.namespace === 'svc-0002')).toBe(
      true,
    );
  });

  it('returns Tables when asked', async () => {
    const res = await req(
      '/apis/cert-manager.io/v1/certificates?labelSelector=backstage.io%2Fkubernetes-id%3Dpodinfo',
      {
        headers: {
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      },
    );
    expect(res.json.kind).toBe('Table');
    expect(res.json.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Ready',
      'Secret',
      'Expires',
      'Age',
    ]);
    expect(res.json.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('creates, patches and deletes with increasing resourceVersions', async () => {
    const created = await req('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'rv', labels: { a: 'b' } },
        data: { k: 'v' },
      }),
    });
    expect(created.status).toBe(201);
    const rv1 = Number(created.json.metadata.resourceVersion);
    const patched = await req('/api/v1/namespaces/default/configmaps/rv', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ data: { k: null, k2: 'v2' } }),
    });
    expect(patched.json.data).toEqual({ k2: 'v2' });
    const rv2 = Number(patched.json.metadata.resourceVersion);
    expect(rv2).toBeGreaterThan(rv1);
    const jsonPatched = await req('/api/v1/namespaces/default/configmaps/rv', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'add', path: '/data/k3', value: 'v3' }]),
    });
    expect(Number(jsonPatched.json.metadata.resourceVersion)).toBeGreaterThan(
      rv2,
    );
    const deleted = await req('/api/v1/namespaces/default/configmaps/rv', {
      method: 'DELETE',
    });
    expect(deleted.json).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await req('/api/v1/namespaces/default/configmaps/rv')).status).toBe(
      404,
    );
  });

  it('serves pod logs as text', async () => {
    const pod = (
      await req('/api/v1/namespaces/podinfo-production/pods?limit=1')
    ).json.items[0];
    const res = await req(
      `/api/v1/namespaces/podinfo-production/pods/${pod.metadata.name}/log?tailLines=5`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    const lines = res.text.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: expect.any(String),
      msg: expect.any(String),
    });
  });

  it('keeps status on the main resource and changes it through /status', async () => {
    const path =
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/podinfo-production';
    const before = (await req(path)).json;
    const main = await req(path, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({
        spec: { interval: '1m' },
        status: { lastAppliedRevision: 'x' },
      }),
    });
    expect(main.json.status.lastAppliedRevision).toBe(
      before.status.lastAppliedRevision,
    );
    expect(main.json.metadata.generation).toBe(before.metadata.generation + 1);
    const status = await req(`${path}/status`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { lastAppliedRevision: 'x' } }),
    });
    expect(status.json.status.lastAppliedRevision).toBe('x');
    expect(status.json.metadata.generation).toBe(main.json.metadata.generation);
  });

  /** Opens a watch; resolves with the first `n` events. */
  const watchEvents = (path: string, n: number, onOpen?: () => void) =>
    new Promise<{ type: string; object: any }[]>((resolve, reject) => {
      const events: { type: string; object: any }[] = [];
      const r = httpsRequest(
        new URL(path, cluster.url),
        {
          ca: cluster.caPem,
          headers: { Authorization: `Bearer ${cluster.token}` },
        },
        res => {
          let buffer = '';
          onOpen?.();
          res.on('data', chunk => {
            buffer += chunk;
            const lines = buffer.split('\n');
            buffer = lines.pop()!;
            events.push(...lines.map(line => JSON.parse(line)));
            if (events.length >= n) {
              r.destroy();
              resolve(events.slice(0, n));
            }
          });
          res.on('end', () => resolve(events));
        },
      );
      r.on('error', e => (events.length >= n ? undefined : reject(e)));
      r.end();
    });

  it('watches from a resourceVersion, following label changes', async () => {
    const list = (await req('/api/v1/namespaces/default/configmaps')).json;
    const rv = list.metadata.resourceVersion;
    const events = watchEvents(
      `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&labelSelector=watched%3Dyes`,
      3,
      async () => {
        await req('/api/v1/namespaces/default/configmaps', {
          method: 'POST',
          body: JSON.stringify({
            metadata: { name: 'w', labels: { watched: 'yes' } },
          }),
        });
        await req('/api/v1/namespaces/default/configmaps/w', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/merge-patch+json' },
          body: JSON.stringify({ data: { a: 'b' } }),
        });
        await req('/api/v1/namespaces/default/configmaps/w', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/merge-patch+json' },
          body: JSON.stringify({ metadata: { labels: { watched: 'no' } } }),
        });
      },
    );
    expect(
      (await events).map(e => `${e.type} ${e.object.metadata.name}`),
    ).toEqual(['ADDED w', 'MODIFIED w', 'DELETED w']);
  });

  it('starts a watch without resourceVersion with ADDED events for what exists', async () => {
    const events = await watchEvents(
      '/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories?watch=true&labelSelector=backstage.io%2Fkubernetes-id%3Dpodinfo',
      1,
    );
    expect(events[0]).toMatchObject({
      type: 'ADDED',
      object: { kind: 'GitRepository' },
    });
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired event', async () => {
    const small = await startTestCluster({
      controllers: false,
      watchHistory: 10,
    });
    try {
      const res = await rawRequest(
        small,
        '/api/v1/configmaps?watch=1&resourceVersion=1',
        {
          token: small.token,
        },
      );
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text.trim())).toEqual({
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: expect.stringMatching(
            /^too old resource version: 1 \(\d+\)$/,
          ),
        }),
      });
    } finally {
      await small.close();
    }
  });
});

describe('latency', () => {
  // Only setTimeout/clearTimeout are faked: the delay is driven by the test,
  // sockets and setImmediate stay real.
  const fakeTimeouts = () =>
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
      ],
    });
  const tick = () => new Promise<void>(resolve => setImmediate(resolve));
  /** Waits (on real I/O) until the server has armed its delay timer. */
  const untilDelayArmed = async () => {
    while (jest.getTimerCount() === 0) await tick();
  };

  afterEach(() => jest.useRealTimers());

  it('answers only once the configured delay has passed', async () => {
    const slow = await startTestCluster({ controllers: false, latencyMs: 500 });
    try {
      fakeTimeouts();
      let answered: RawResponse | undefined;
      const pending = rawRequest(slow, '/api/v1/namespaces/default', {
        token: slow.token,
      }).then(r => (answered = r));
      await untilDelayArmed();
      jest.advanceTimersByTime(499);
      for (let i = 0; i < 20; i++) await tick();
      expect(answered).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect((await pending).status).toBe(200);
      expect(answered?.json.metadata.name).toBe('default');
    } finally {
      jest.useRealTimers();
      await slow.close();
    }
  });

  it('close() ends requests still waiting out their delay', async () => {
    const slow = await startTestCluster({
      controllers: false,
      latencyMs: 3_600_000,
    });
    fakeTimeouts();
    const pending = rawRequest(slow, '/api/v1/namespaces', {
      token: slow.token,
    }).then(
      r => r.status,
      () => 'connection closed',
    );
    await untilDelayArmed();
    await slow.close();
    expect(await pending).toBe('connection closed');
    // The delay timer was cancelled, not left to fire an hour later.
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('state file', () => {
  it('saves objects on close and loads them on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drktrc-dev-cluster-state-'));
    const stateFile = join(dir, 'state.json');
    const first = await startTestCluster({
      controllers: false,
      stateFile,
      stateDir: dir,
    });
    await rawRequest(first, '/api/v1/namespaces/default/configmaps', {
      token: first.token,
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'kept' } }),
    });
    const rv = first.store.currentResourceVersion;
    await first.close();
    expect(existsSync(stateFile)).toBe(true);

    const second = await startTestCluster({
      controllers: false,
      stateFile,
      stateDir: dir,
    });
    try {
      expect(second.token).toBe(first.token);
      const res = await rawRequest(
        second,
        '/api/v1/namespaces/default/configmaps/kept',
        {
          token: second.token,
        },
      );
      expect(res.status).toBe(200);
      expect(second.store.currentResourceVersion).toBe(rv);
    } finally {
      await second.close();
    }
  });
});
