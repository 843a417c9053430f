import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DevCluster } from './startDevCluster';
import { startTestCluster } from './testUtils';

const execFileAsync = promisify(execFile);
/** Found on PATH, like every user's kubectl. */
const KUBECTL = 'kubectl';

describe('real kubectl against the dev cluster', () => {
  let cluster: DevCluster;
  let cacheDir: string;

  const kubectl = async (...args: string[]) => {
    const { stdout } = await execFileAsync(KUBECTL, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--cache-dir',
      cacheDir,
      ...args,
    ]);
    return stdout;
  };

  /** Runs kubectl with `input` on stdin. */
  const kubectlWithInput = (input: string, ...args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        KUBECTL,
        [
          '--kubeconfig',
          cluster.kubeconfigPath,
          '--cache-dir',
          cacheDir,
          ...args,
        ],
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`${error.message}\n${stderr}`))
            : resolve(stdout),
      );
      child.stdin!.end(input);
    });

  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'drktrc-kubectl-cache-'));
    cluster = await startTestCluster();
  });

  afterAll(async () => {
    await cluster.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('finds kubectl on PATH (these tests need it)', async () => {
    const { stdout } = await execFileAsync(KUBECTL, [
      'version',
      '--client',
      '-o',
      'json',
    ]);
    expect(JSON.parse(stdout).clientVersion.major).toBe('1');
  });

  it('gets HPAs, HelmReleases, Kustomizations and Certificates by label across namespaces', async () => {
    const list = JSON.parse(
      await kubectl(
        'get',
        'hpa,helmreleases,kustomizations,certificates',
        '-A',
        '-l',
        'backstage.io/kubernetes-id=podinfo',
        '-o',
        'json',
      ),
    );
    const names = list.items.map(
      (o: any) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
    );
    expect(names.sort()).toEqual([
      'Certificate/podinfo-production/podinfo-tls',
      'Certificate/podinfo-staging/podinfo-tls',
      'HelmRelease/flux-system/podinfo-production',
      'HelmRelease/flux-system/podinfo-staging',
      'HorizontalPodAutoscaler/podinfo-production/podinfo',
      'HorizontalPodAutoscaler/podinfo-staging/podinfo',
      'Kustomization/flux-system/podinfo-production',
      'Kustomization/flux-system/podinfo-staging',
    ]);
  });

  it('prints server-side tables with the namespace column', async () => {
    const out = await kubectl(
      'get',
      'kustomizations',
      '-A',
      '-l',
      'backstage.io/kubernetes-id=podinfo',
    );
    const lines = out.trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'NAMESPACE',
      'NAME',
      'READY',
      'STATUS',
      'AGE',
    ]);
    expect(lines[1]).toMatch(
      /^flux-system\s+podinfo-production\s+True\s+Applied revision: main@sha1:/,
    );
    expect(lines[2]).toMatch(
      /^flux-system\s+podinfo-staging\s+False\s+kustomize build failed/,
    );
  });

  it('lists every kind in api-resources', async () => {
    const names = (await kubectl('api-resources', '-o', 'name'))
      .trim()
      .split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'pods',
        'deployments.apps',
        'horizontalpodautoscalers.autoscaling',
        'ingresses.networking.k8s.io',
        'kustomizations.kustomize.toolkit.fluxcd.io',
        'helmreleases.helm.toolkit.fluxcd.io',
        'gitrepositories.source.toolkit.fluxcd.io',
        'ocirepositories.source.toolkit.fluxcd.io',
        'helmrepositories.source.toolkit.fluxcd.io',
        'certificates.cert-manager.io',
        'certificaterequests.cert-manager.io',
        'issuers.cert-manager.io',
        'clusterissuers.cert-manager.io',
      ]),
    );
  });

  it('annotates a reconcile request that the simulated controller then handles', async () => {
    const at = '2026-02-03T04:05:06Z';
    await kubectl(
      'annotate',
      '-n',
      'flux-system',
      'kustomization/podinfo-production',
      `reconcile.fluxcd.io/requestedAt=${at}`,
      '--overwrite',
    );
    await kubectl(
      'wait',
      '-n',
      'flux-system',
      'kustomization/podinfo-production',
      `--for=jsonpath={.status.lastHandledReconcileAt}=${at}`,
      '--timeout=30s',
    );
    const ks = JSON.parse(
      await kubectl(
        'get',
        '-n',
        'flux-system',
        'ks',
        'podinfo-production',
        '-o',
        'json',
      ),
    );
    const repo = JSON.parse(
      await kubectl(
        'get',
        '-n',
        'flux-system',
        'gitrepo',
        'podinfo',
        '-o',
        'json',
      ),
    );
    expect(ks.status.lastAppliedRevision).toBe(repo.status.artifact.revision);
    expect(
      ks.status.conditions.find((c: any) => c.type === 'Ready').status,
    ).toBe('True');
  });

  it('patches with merge and JSON patches', async () => {
    await kubectl(
      'patch',
      '-n',
      'podinfo-staging',
      'deployment/podinfo',
      '--type',
      'merge',
      '-p',
      '{"spec":{"replicas":3}}',
    );
    await kubectl(
      'patch',
      '-n',
      'podinfo-staging',
      'hpa/podinfo',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/maxReplicas","value":6}]',
    );
    expect(
      await kubectl(
        'get',
        '-n',
        'podinfo-staging',
        'deployment/podinfo',
        'hpa/podinfo',
        '-o',
        'jsonpath={.items[0].spec.replicas} {.items[1].spec.maxReplicas} {.items[0].metadata.generation}',
      ),
    ).toBe('3 6 2');
  });

  it('applies, re-applies and deletes a manifest', async () => {
    const manifest = (interval: string) =>
      JSON.stringify({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: {
          name: 'applied',
          namespace: 'flux-system',
          labels: { 'backstage.io/kubernetes-id': 'applied' },
        },
        spec: {
          interval,
          path: './deploy',
          prune: true,
          sourceRef: { kind: 'GitRepository', name: 'podinfo' },
        },
      });
    expect(await kubectlWithInput(manifest('5m'), 'apply', '-f', '-')).toMatch(
      'kustomization.kustomize.toolkit.fluxcd.io/applied created',
    );
    expect(await kubectlWithInput(manifest('10m'), 'apply', '-f', '-')).toMatch(
      'kustomization.kustomize.toolkit.fluxcd.io/applied configured',
    );
    expect(
      await kubectl(
        'get',
        '-n',
        'flux-system',
        'ks/applied',
        '-o',
        'jsonpath={.spec.interval}',
      ),
    ).toBe('10m');
    expect(await kubectl('delete', '-n', 'flux-system', 'ks/applied')).toMatch(
      'kustomization.kustomize.toolkit.fluxcd.io "applied" deleted',
    );
  });

  it('streams changes with get -w', async () => {
    const child = spawn(KUBECTL, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--cache-dir',
      cacheDir,
      'get',
      'configmaps',
      '-n',
      'podinfo-production',
      '-w',
    ]);
    const lines: string[] = [];
    let buffer = '';
    const waitForLines = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => lines.length >= n && resolve();
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const parts = buffer.split('\n');
          buffer = parts.pop()!;
          lines.push(...parts);
          check();
        });
        child.on('exit', code =>
          reject(new Error(`kubectl exited ${code}: ${lines.join('\n')}`)),
        );
        check();
      });
    try {
      await waitForLines(2);
      expect(lines[0].split(/\s+/)).toEqual(['NAME', 'DATA', 'AGE']);
      expect(lines[1]).toMatch(/^podinfo-config\s+2\s+/);
      await kubectlWithInput(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'watched', namespace: 'podinfo-production' },
          data: { a: 'b' },
        }),
        'create',
        '-f',
        '-',
      );
      await waitForLines(3);
      expect(lines[2]).toMatch(/^watched\s+1\s+\d+s$/);
    } finally {
      child.kill();
    }
  });
});
