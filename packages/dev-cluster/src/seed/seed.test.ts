import { findResource, KubeObject } from '../registry';
import { KUBERNETES_ID_LABEL, seedCluster } from '.';
import { ObjectStore } from '../store';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const get = (
  store: ObjectStore,
  group: string,
  version: string,
  plural: string,
  ns: string | undefined,
  name: string,
) =>
  store.get(findResource(group, version, plural)!, ns, name)! as KubeObject & {
    status: any;
    spec: any;
  };
const cond = (o: { status: any }, type: string) =>
  o.status.conditions.find((c: any) => c.type === type);

describe('seed', () => {
  const store = new ObjectStore();
  seedCluster(store, { components: 10, now: T0, podinfo: true });

  it('labels every object except shared namespaces with backstage.io/kubernetes-id', () => {
    const unlabelled = store
      .all()
      .filter(o => !o.metadata.labels?.[KUBERNETES_ID_LABEL])
      .map(o => `${o.kind}/${o.metadata.name}`);
    expect(unlabelled.sort()).toEqual([
      'Namespace/cert-manager',
      'Namespace/default',
      'Namespace/flux-system',
      'Namespace/kube-system',
    ]);
  });

  it('has a Ready Kustomization on its source revision and a Stalled one behind it', () => {
    const source = get(
      store,
      'source.toolkit.fluxcd.io',
      'v1',
      'gitrepositories',
      'flux-system',
      'podinfo',
    );
    const production = get(
      store,
      'kustomize.toolkit.fluxcd.io',
      'v1',
      'kustomizations',
      'flux-system',
      'podinfo-production',
    );
    const staging = get(
      store,
      'kustomize.toolkit.fluxcd.io',
      'v1',
      'kustomizations',
      'flux-system',
      'podinfo-staging',
    );
    expect(production.status.lastAppliedRevision).toBe(
      source.status.artifact.revision,
    );
    expect(cond(production, 'Ready').status).toBe('True');
    expect(production.status.observedGeneration).toBe(
      production.metadata.generation,
    );
    expect(cond(staging, 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'BuildFailed',
    });
    expect(cond(staging, 'Ready').status).toBe('False');
    expect(staging.status.lastAttemptedRevision).toBe(
      source.status.artifact.revision,
    );
    expect(staging.status.lastAppliedRevision).not.toBe(
      source.status.artifact.revision,
    );
  });

  it('has a HelmRelease with v2 history', () => {
    const release = get(
      store,
      'helm.toolkit.fluxcd.io',
      'v2',
      'helmreleases',
      'flux-system',
      'podinfo-production',
    );
    expect(release.status.history[0]).toEqual(
      expect.objectContaining({
        chartName: 'podinfo',
        chartVersion: '6.7.1',
        appVersion: '6.7.1',
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        status: 'deployed',
        version: 3,
      }),
    );
    expect(release.status.history).toHaveLength(3);
  });

  it('has an HPA at max replicas with a current value for each metric', () => {
    const hpa = get(
      store,
      'autoscaling',
      'v2',
      'horizontalpodautoscalers',
      'podinfo-production',
      'podinfo',
    );
    expect(hpa.status.currentReplicas).toBe(hpa.spec.maxReplicas);
    expect(
      hpa.spec.metrics.map((m: any) => m.resource?.name ?? m.pods.metric.name),
    ).toEqual(
      hpa.status.currentMetrics.map(
        (m: any) => m.resource?.name ?? m.pods.metric.name,
      ),
    );
    expect(cond(hpa, 'ScalingLimited')).toMatchObject({
      status: 'True',
      reason: 'TooManyReplicas',
    });
  });

  it('has a certificate 10 days from expiry and one Ready with room to spare', () => {
    const staging = get(
      store,
      'cert-manager.io',
      'v1',
      'certificates',
      'podinfo-staging',
      'podinfo-tls',
    );
    const production = get(
      store,
      'cert-manager.io',
      'v1',
      'certificates',
      'podinfo-production',
      'podinfo-tls',
    );
    expect(Date.parse(staging.status.notAfter) - T0).toBe(10 * DAY);
    expect(Date.parse(staging.status.renewalTime)).toBeLessThan(T0);
    expect(cond(staging, 'Issuing')).toMatchObject({
      status: 'False',
      reason: 'Failed',
    });
    expect(cond(production, 'Ready').status).toBe('True');
    expect(Date.parse(production.status.notAfter) - T0).toBe(60 * DAY);
    expect(production.spec.dnsNames).toEqual(['podinfo.example.com']);
    expect(production.spec.issuerRef).toEqual({
      group: 'cert-manager.io',
      kind: 'ClusterIssuer',
      name: 'letsencrypt-production',
    });
  });

  it('gives extra components varied Flux and certificate states', () => {
    const ks = findResource(
      'kustomize.toolkit.fluxcd.io',
      'v1',
      'kustomizations',
    )!;
    const states = new Set(
      store
        .list(ks)
        .map(({ object }) => object as KubeObject & { status: any; spec: any })
        .filter(o => o.metadata.name.startsWith('svc-'))
        .map(o =>
          o.spec.suspend
            ? 'suspended'
            : `${cond(o, 'Ready').status}${
                cond(o, 'Stalled') ? '/stalled' : ''
              }`,
        ),
    );
    expect([...states].sort()).toEqual([
      'False',
      'False/stalled',
      'True',
      'Unknown',
      'suspended',
    ]);
    const certs = findResource('cert-manager.io', 'v1', 'certificates')!;
    const expired = store
      .list(certs)
      .filter(
        ({ object }) => cond(object as any, 'Ready').reason === 'Expired',
      );
    expect(expired.length).toBeGreaterThan(0);
  });
});
