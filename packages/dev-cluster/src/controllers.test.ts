import { startControllers } from './controllers';
import { findResource, KubeObject } from './registry';
import { seedCluster } from './seed';
import { ObjectStore } from './store';

const ks = findResource('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations')!;
const hr = findResource('helm.toolkit.fluxcd.io', 'v2', 'helmreleases')!;
const git = findResource('source.toolkit.fluxcd.io', 'v1', 'gitrepositories')!;
const certs = findResource('cert-manager.io', 'v1', 'certificates')!;
const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T12:00:00Z');

const cond = (o: KubeObject, type: string) =>
  (o.status as any).conditions.find((c: any) => c.type === type);

describe('simulated controllers', () => {
  let store: ObjectStore;
  let clock: number;
  let stop: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    clock = T0;
    store = new ObjectStore();
    seedCluster(store, { components: 0, now: T0, podinfo: true });
    stop = startControllers(store, {
      progressDelayMs: 1000,
      reconcileDelayMs: 3000,
      certificateIntervalMs: 60_000,
      now: () => clock,
    });
  });

  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  const requestReconcile = (
    r = ks,
    name = 'podinfo-production',
    at = '2026-06-01T12:00:01Z',
  ) =>
    store.modify(r, 'flux-system', name, o => {
      o.metadata.annotations = {
        ...o.metadata.annotations,
        'reconcile.fluxcd.io/requestedAt': at,
      };
    });

  it('moves a reconcile request through Progressing to Ready with a new revision', () => {
    const before = store.get(ks, 'flux-system', 'podinfo-production')!;
    requestReconcile();
    jest.advanceTimersByTime(1000);
    const progressing = store.get(ks, 'flux-system', 'podinfo-production')!;
    expect(cond(progressing, 'Ready').status).toBe('Unknown');
    expect(cond(progressing, 'Reconciling').status).toBe('True');
    jest.advanceTimersByTime(2000);
    const done = store.get(ks, 'flux-system', 'podinfo-production')!;
    const source = store.get(git, 'flux-system', 'podinfo')!;
    expect(done.status).toMatchObject({
      lastHandledReconcileAt: '2026-06-01T12:00:01Z',
      lastAppliedRevision: (source.status as any).artifact.revision,
      observedGeneration: done.metadata.generation,
    });
    expect((done.status as any).lastAppliedRevision).not.toBe(
      (before.status as any).lastAppliedRevision,
    );
    expect(cond(done, 'Ready').status).toBe('True');
    expect(cond(done, 'Reconciling')).toBeUndefined();
  });

  it('does not handle requests while suspended', () => {
    store.modify(ks, 'flux-system', 'podinfo-production', o => {
      (o.spec as any).suspend = true;
      (o.status as any).observedGeneration = 2;
    });
    requestReconcile();
    jest.advanceTimersByTime(10_000);
    const o = store.get(ks, 'flux-system', 'podinfo-production')!;
    expect((o.status as any).lastHandledReconcileAt).toBeUndefined();
    expect(cond(o, 'Ready').status).toBe('True');
  });

  it('keeps a stalled Kustomization stalled until its spec changes', () => {
    requestReconcile(ks, 'podinfo-staging');
    jest.advanceTimersByTime(3000);
    const again = store.get(ks, 'flux-system', 'podinfo-staging')!;
    expect(cond(again, 'Stalled').status).toBe('True');
    expect((again.status as any).lastHandledReconcileAt).toBe(
      '2026-06-01T12:00:01Z',
    );

    store.modify(ks, 'flux-system', 'podinfo-staging', o => {
      (o.spec as any).path = './deploy/staging-fixed';
    });
    jest.advanceTimersByTime(3000);
    const fixed = store.get(ks, 'flux-system', 'podinfo-staging')!;
    expect(cond(fixed, 'Ready').status).toBe('True');
    expect(cond(fixed, 'Stalled')).toBeUndefined();
    expect((fixed.status as any).observedGeneration).toBe(
      fixed.metadata.generation,
    );
  });

  it('records a Helm upgrade in the HelmRelease history when the chart version changes', () => {
    store.modify(hr, 'flux-system', 'podinfo-production', o => {
      (o.spec as any).chart.spec.version = '6.7.2';
    });
    jest.advanceTimersByTime(3000);
    const o = store.get(hr, 'flux-system', 'podinfo-production')!;
    const history = (o.status as any).history;
    expect(
      history.map((h: any) => `${h.version} ${h.chartVersion} ${h.status}`),
    ).toEqual([
      '4 6.7.2 deployed',
      '3 6.7.1 superseded',
      '2 6.7.0 superseded',
      '1 6.6.3 superseded',
    ]);
    expect(cond(o, 'Ready').message).toBe(
      'Helm upgrade succeeded for release podinfo-production/podinfo.v4 with chart podinfo@6.7.2',
    );
  });

  it('renews certificates at their renewal time and expires ones whose renewal keeps failing', () => {
    clock = T0 + 31 * DAY;
    jest.advanceTimersByTime(60_000);
    const production = store.get(certs, 'podinfo-production', 'podinfo-tls')!;
    expect((production.status as any).notAfter).toBe('2026-09-30T12:00:00Z');
    expect((production.status as any).revision).toBe(3);
    const staging = store.get(certs, 'podinfo-staging', 'podinfo-tls')!;
    expect(cond(staging, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'Expired',
    });
  });
});
