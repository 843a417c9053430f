/**
 * GitOps fleet benchmark: the fleet view of N components on 3 development
 * clusters, against asking the Kubernetes plugin per entity (its
 * custom-resource query) for the same kinds.
 *
 * Each dev cluster sits behind a counting HTTP forwarder, so the numbers are
 * requests that reached the clusters. Both paths run through the real
 * Kubernetes backend and the gitops backend in one `startTestBackend`.
 *
 * Run from the repository root:
 *   source scripts/env.sh
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/gitops/fleet.bench.ts --components 1000 --latency 20
 *
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DevCluster, startDevCluster } from '@drktrc/dev-cluster';
import {
  gitopsStatusKinds,
  toKubernetesCustomResources,
} from '@drktrc/plugin-gitops-common';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const components = arg('components', 1000);
const latencyMs = arg('latency', 20);
const concurrency = arg('concurrency', 10);
const clusterCount = 3;

/** Plain HTTP on loopback forwarding to the dev cluster's HTTPS, counting requests. */
async function countingForwarder(cluster: DevCluster) {
  const agent = new https.Agent({ keepAlive: true, ca: cluster.caPem });
  const counter = { requests: 0 };
  const server = http.createServer((req, res) => {
    counter.requests++;
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = https.request(
      new URL(req.url!, cluster.url),
      {
        method: req.method,
        headers,
        agent,
      },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', e => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    counter,
    close: () => {
      agent.destroy();
      return new Promise(resolve => server.close(resolve));
    },
  };
}

async function main() {
  const stateDirs: string[] = [];
  const clusters: DevCluster[] = [];
  const t0 = performance.now();
  for (let i = 0; i < clusterCount; i++) {
    const stateDir = mkdtempSync(join(tmpdir(), `gitops-bench-${i}-`));
    stateDirs.push(stateDir);
    clusters.push(
      await startDevCluster({
        stateDir,
        port: 0,
        components,
        latencyMs,
        controllers: false,
      }),
    );
  }
  const seedMs = performance.now() - t0;
  const forwarders = await Promise.all(clusters.map(countingForwarder));
  const ids = [
    'podinfo',
    ...Array.from(
      { length: components },
      (_, i) => `svc-${String(i + 1).padStart(4, '0')}`,
    ),
  ];
  const entities = ids.map(id => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': id },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  }));

  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-kubernetes-backend'),
      import('@drktrc/plugin-gitops-backend'),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: clusters.map((c, i) => ({
                  name: `dev-${i + 1}`,
                  url: forwarders[i].url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: c.token,
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;
  const headers = {
    Authorization: mockCredentials.user.header(),
    'Content-Type': 'application/json',
  };
  const post = async (path: string, body: object) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const requests = () => forwarders.map(f => f.counter.requests);
  const reset = () => forwarders.forEach(f => (f.counter.requests = 0));

  const rows: string[][] = [];
  const measure = async (label: string, fn: () => Promise<string>) => {
    reset();
    const start = performance.now();
    const detail = await fn();
    const ms = performance.now() - start;
    const perCluster = requests();
    rows.push([
      label,
      perCluster.join(' / '),
      String(perCluster.reduce((a, b) => a + b, 0)),
      (ms / 1000).toFixed(2),
      detail,
    ]);
  };

  // Warm the Kubernetes backend (client-node import, cluster list) once.
  await post('/api/kubernetes/resources/custom/query', {
    entityRef: 'component:default/podinfo',
    customResources: toKubernetesCustomResources(gitopsStatusKinds, {
      includeBuiltIn: true,
    }),
  });

  await measure('gitops `/fleet`, cold cache', async () => {
    const fleet = await post('/api/gitops/fleet', {});
    return `${fleet.components.length} components`;
  });
  await measure('gitops `/fleet`, again within the cache TTL', async () => {
    const fleet = await post('/api/gitops/fleet', {});
    return `${fleet.components.length} components`;
  });
  await measure(
    `Kubernetes plugin per entity (\`/resources/custom/query\` × ${ids.length}, ${concurrency} at a time)`,
    async () => {
      let next = 0;
      let objects = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++];
          const res = await post('/api/kubernetes/resources/custom/query', {
            entityRef: `component:default/${id}`,
            customResources: toKubernetesCustomResources(gitopsStatusKinds, {
              includeBuiltIn: true,
            }),
          });
          for (const item of res.items)
            for (const r of item.resources) objects += r.resources.length;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return `${objects} objects`;
    },
  );

  console.log(
    `Seed: ${clusterCount} clusters × ${
      clusters[0].store.size
    } objects (${components} extra components each) in ${(
      seedMs / 1000
    ).toFixed(1)} s; latency ${latencyMs} ms per cluster request; ${
      gitopsStatusKinds.length
    } kinds; Node ${process.version}, ${
      cpus().length
    } × ${cpus()[0].model.trim()}.\n`,
  );
  console.log(
    '| Path | Requests per cluster | Requests total | Time (s) | Result |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);

  await backend.stop();
  await Promise.all(forwarders.map(f => f.close()));
  await Promise.all(clusters.map(c => c.close()));
  for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
