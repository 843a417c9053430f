/**
 * Dev cluster benchmark: list one kind from a seed of at least 10,000
 * objects, over HTTPS with a bearer token, as the Backstage Kubernetes
 * backend and kubectl do.
 *
 * Run from the repository root:
 *   source scripts/env.sh
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/dev-cluster/list.bench.ts [--iterations 30] [--objects 10000]
 *
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import {
  DevCluster,
  resourceKinds,
  startDevCluster,
} from '@drktrc/dev-cluster';

const execFileAsync = promisify(execFile);

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Objects one extra component seeds (namespace, workload, HPA, cert, Flux, ...), measured below. */
async function startWithAtLeast(objects: number, stateDir: string) {
  const probe = await startDevCluster({
    stateDir,
    port: 0,
    components: 10,
    controllers: false,
  });
  const base = await startDevCluster({
    stateDir,
    port: 0,
    components: 0,
    controllers: false,
  });
  const perComponent = (probe.store.size - base.store.size) / 10;
  await Promise.all([probe.close(), base.close()]);
  const components = Math.ceil((objects - base.store.size) / perComponent);
  return startDevCluster({ stateDir, port: 0, components, controllers: false });
}

function get(
  cluster: DevCluster,
  agent: Agent,
  path: string,
  accept = 'application/json',
) {
  return new Promise<{ bytes: number; body: any }>((resolve, reject) => {
    const req = request(
      new URL(path, cluster.url),
      {
        agent,
        headers: { Authorization: `Bearer ${cluster.token}`, Accept: accept },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200)
            reject(new Error(`${res.statusCode} ${text}`));
          else resolve({ bytes: text.length, body: JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(iterations: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** 10,000 ConfigMaps in 100 namespaces, listed whole, paged and by label. */
async function oneKind(objects: number, iterations: number, stateDir: string) {
  const cluster = await startDevCluster({
    stateDir,
    port: 0,
    seed: false,
    controllers: false,
  });
  const agent = new Agent({ ca: cluster.caPem, keepAlive: true });
  try {
    const namespaces = resourceKinds.find(r => r.plural === 'namespaces')!;
    const configmaps = resourceKinds.find(r => r.plural === 'configmaps')!;
    for (let n = 0; n < 100; n++) {
      cluster.store.create(namespaces, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: `ns-${n}`,
          labels: { 'backstage.io/kubernetes-id': `svc-${n}` },
        },
      });
    }
    for (let i = 0; i < objects; i++) {
      cluster.store.create(configmaps, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `cm-${i}`,
          namespace: `ns-${i % 100}`,
          labels: {
            'backstage.io/kubernetes-id': `svc-${i % 100}`,
            app: 'bench',
          },
        },
        data: {
          'config.yaml': `replicas: ${
            i % 7
          }\nimage: ghcr.io/example/app:${i}\n`,
        },
      });
    }
    const cases: [string, string, string?][] = [
      [`GET /api/v1/configmaps (all ${objects})`, '/api/v1/configmaps'],
      [
        'GET /api/v1/configmaps?limit=500 (first page)',
        '/api/v1/configmaps?limit=500',
      ],
      [
        'GET /api/v1/configmaps?labelSelector=backstage.io/kubernetes-id=svc-7 (1%)',
        '/api/v1/configmaps?labelSelector=backstage.io%2Fkubernetes-id%3Dsvc-7',
      ],
      [
        'GET /api/v1/namespaces/ns-7/configmaps (1%)',
        '/api/v1/namespaces/ns-7/configmaps',
      ],
      [
        `GET /api/v1/configmaps as Table (all ${objects})`,
        '/api/v1/configmaps',
        'application/json;as=Table;v=v1;g=meta.k8s.io',
      ],
    ];
    const rows = [
      '| Request | Response | p50 (ms) | p95 (ms) |',
      '| --- | --- | --- | --- |',
    ];
    for (const [name, path, accept] of cases) {
      const fn = () => get(cluster, agent, path, accept);
      const { bytes } = await fn();
      const { p50, p95 } = await measure(iterations, fn);
      rows.push(
        `| ${name} | ${(bytes / 1024).toFixed(0)} KiB | ${p50.toFixed(
          1,
        )} | ${p95.toFixed(1)} |`,
      );
    }
    return [
      `Seed: ${cluster.store.size} objects, ${objects} of them ConfigMaps.`,
      '',
      ...rows,
    ].join('\n');
  } finally {
    agent.destroy();
    await cluster.close();
  }
}

async function main() {
  const iterations = arg('iterations', 30);
  const objects = arg('objects', 10_000);
  const stateDir = mkdtempSync(join(tmpdir(), 'drktrc-dev-cluster-bench-'));
  const seedStart = performance.now();
  const cluster = await startWithAtLeast(objects, stateDir);
  const seedMs = performance.now() - seedStart;
  const agent = new Agent({ ca: cluster.caPem, keepAlive: true });
  try {
    const pods = (await get(cluster, agent, '/api/v1/pods')).body.items.length;
    const cases: [string, () => Promise<{ bytes: number }>][] = [
      [
        `GET /api/v1/pods (all ${pods})`,
        () => get(cluster, agent, '/api/v1/pods'),
      ],
      [
        'GET /api/v1/pods?labelSelector=backstage.io/kubernetes-id=podinfo',
        () =>
          get(
            cluster,
            agent,
            '/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dpodinfo',
          ),
      ],
      [
        'GET /api/v1/pods?limit=500 (first page)',
        () => get(cluster, agent, '/api/v1/pods?limit=500'),
      ],
      [
        `GET /api/v1/pods as Table (kubectl get pods -A)`,
        () =>
          get(
            cluster,
            agent,
            '/api/v1/pods',
            'application/json;as=Table;v=v1;g=meta.k8s.io',
          ),
      ],
      [
        'GET kustomizations?labelSelector=… (Backstage custom-resources query)',
        () =>
          get(
            cluster,
            agent,
            '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations?labelSelector=backstage.io%2Fkubernetes-id%3Dpodinfo',
          ),
      ],
    ];
    const rows: string[] = [];
    for (const [name, fn] of cases) {
      const { bytes } = await fn();
      const { p50, p95 } = await measure(iterations, fn);
      rows.push(
        `| ${name} | ${(bytes / 1024).toFixed(0)} KiB | ${p50.toFixed(
          1,
        )} | ${p95.toFixed(1)} |`,
      );
    }
    const kubectl = await measure(Math.min(iterations, 10), () =>
      execFileAsync('kubectl', [
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--cache-dir',
        join(stateDir, 'kubectl-cache'),
        'get',
        'pods',
        '-A',
      ]),
    );
    rows.push(
      `| \`kubectl get pods -A\` (process start to exit, ${Math.min(
        iterations,
        10,
      )} runs) | – | ${kubectl.p50.toFixed(1)} | ${kubectl.p95.toFixed(1)} |`,
    );

    const single = await oneKind(objects, iterations, stateDir);

    process.stdout.write(
      [
        '### Mixed seed',
        '',
        `Seed: ${cluster.store.size} objects (${pods} pods) in ${seedMs.toFixed(
          0,
        )} ms (includes two probe starts). ` +
          `Node ${process.version}, ${cpus().length} × ${
            cpus()[0]?.model ?? 'cpu'
          }, ${iterations} iterations after one warm-up.`,
        '',
        '| Request | Response | p50 (ms) | p95 (ms) |',
        '| --- | --- | --- | --- |',
        ...rows,
        '',
        '### One kind',
        '',
        single,
        '',
      ].join('\n'),
    );
  } finally {
    agent.destroy();
    await cluster.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
