import {
  gitRepositoryV1,
  helmReleaseV2,
  helmReleaseV2beta2NoHistory,
  kustomizationReconciling,
  kustomizationStaleGeneration,
  kustomizationSuspended,
  kustomizationV1Ready,
  kustomizationV1beta2Stalled,
  ociRepositoryV1beta2,
} from '../__fixtures__/objects';
import {
  fluxSourceSchema,
  helmReleaseSchema,
  kustomizationSchema,
} from '../schemas/kubernetes';
import {
  fluxStatus,
  helmReleaseView,
  kustomizationView,
  reconcileRequest,
  sourceView,
} from './flux';

const ks = (o: unknown) => kustomizationSchema.parse(o);

describe('fluxStatus (kstatus)', () => {
  it('Ready when Ready=True and the generation is observed (v1)', () => {
    expect(fluxStatus(ks(kustomizationV1Ready))).toEqual(
      expect.objectContaining({ state: 'Ready', health: 'ok', stale: false }),
    );
  });

  it('Failed with reason and message when Stalled=True (v1beta2)', () => {
    expect(fluxStatus(ks(kustomizationV1beta2Stalled))).toEqual({
      state: 'Failed',
      health: 'error',
      reason: 'BuildFailed',
      message: 'kustomize build failed: accumulating resources',
      stale: false,
    });
  });

  it('Suspended wins over everything', () => {
    expect(fluxStatus(ks(kustomizationSuspended)).state).toBe('Suspended');
    const stalledAndSuspended = {
      ...kustomizationV1beta2Stalled,
      spec: { ...kustomizationV1beta2Stalled.spec, suspend: true },
    };
    expect(fluxStatus(ks(stalledAndSuspended)).state).toBe('Suspended');
  });

  it('Progressing while Reconciling=True / Ready=Unknown', () => {
    expect(fluxStatus(ks(kustomizationReconciling))).toEqual(
      expect.objectContaining({ state: 'Progressing', reason: 'Progressing' }),
    );
  });

  it('Progressing, not Ready, when Ready=True describes an older generation', () => {
    expect(fluxStatus(ks(kustomizationStaleGeneration))).toEqual(
      expect.objectContaining({
        state: 'Progressing',
        reason: 'ObservedGenerationStale',
        stale: true,
      }),
    );
  });

  it('Failed on Ready=False without Stalled (HelmRelease v2beta2)', () => {
    expect(
      fluxStatus(helmReleaseSchema.parse(helmReleaseV2beta2NoHistory)),
    ).toEqual(
      expect.objectContaining({ state: 'Failed', reason: 'InstallFailed' }),
    );
  });

  it('Unknown without conditions', () => {
    expect(
      fluxStatus({
        metadata: { generation: 1 },
        status: { observedGeneration: 1 },
      }).state,
    ).toBe('Unknown');
  });
});

describe('reconcileRequest', () => {
  it('is pending until lastHandledReconcileAt equals the annotation', () => {
    expect(reconcileRequest(ks(kustomizationReconciling)).pending).toBe(true);
    const handled = ks({
      ...kustomizationReconciling,
      status: {
        ...kustomizationReconciling.status,
        lastHandledReconcileAt: '2026-11-25T11:59:00Z',
      },
    });
    expect(reconcileRequest(handled)).toEqual({
      requestedAt: '2026-11-25T11:59:00Z',
      lastHandledAt: '2026-11-25T11:59:00Z',
      pending: false,
    });
    expect(reconcileRequest(ks(kustomizationV1Ready)).pending).toBe(false);
  });
});

describe('views', () => {
  const sources = [gitRepositoryV1, ociRepositoryV1beta2].map(s =>
    sourceView(fluxSourceSchema.parse(s)),
  );

  it('sources carry their artifact revision (v1 and v1beta2)', () => {
    expect(sources.map(s => [s.kind, s.revision, s.status.state])).toEqual([
      ['GitRepository', 'master@sha1:bbb', 'Ready'],
      ['OCIRepository', '6.9.2@sha256:abc', 'Ready'],
    ]);
  });

  it('a Kustomization compares its applied revision with its source', () => {
    const ready = kustomizationView(ks(kustomizationV1Ready), sources);
    expect(ready).toEqual(
      expect.objectContaining({
        sourceRef: {
          kind: 'GitRepository',
          name: 'podinfo',
          namespace: 'flux-system',
        },
        dependsOn: [
          {
            kind: 'Kustomization',
            name: 'infra-configs',
            namespace: 'flux-system',
          },
        ],
        sourceRevision: 'master@sha1:bbb',
        upToDate: true,
      }),
    );
    const stalled = kustomizationView(ks(kustomizationV1beta2Stalled), sources);
    expect(stalled).toEqual(
      expect.objectContaining({
        lastAppliedRevision: 'master@sha1:aaa',
        lastAttemptedRevision: 'master@sha1:bbb',
        upToDate: false,
      }),
    );
    expect(
      kustomizationView(ks(kustomizationV1Ready)).upToDate,
    ).toBeUndefined();
  });

  it('a v2 HelmRelease takes its revision and history from status.history', () => {
    const view = helmReleaseView(helmReleaseSchema.parse(helmReleaseV2));
    expect(view.revision).toBe('6.9.2 · app 6.9.2 · sha256:333');
    expect(view.chart).toBe('podinfo@6.9.2');
    expect(view.chartSourceRef).toEqual({
      kind: 'HelmRepository',
      name: 'podinfo',
      namespace: 'flux-system',
    });
    expect(
      view.history.map(h => [h.version, h.status, h.chartVersion]),
    ).toEqual([
      [3, 'deployed', '6.9.2'],
      [2, 'superseded', '6.9.1'],
    ]);
    expect(view.dependsOn).toEqual([
      { kind: 'HelmRelease', name: 'redis', namespace: 'podinfo-production' },
    ]);
  });

  it('a v2beta2 HelmRelease without history falls back to lastAttemptedRevision', () => {
    const view = helmReleaseView(
      helmReleaseSchema.parse(helmReleaseV2beta2NoHistory),
    );
    expect(view.revision).toBe('6.5.0');
    expect(view.history).toEqual([]);
    expect(view.chartSourceRef).toEqual({
      kind: 'OCIRepository',
      name: 'podinfo-chart',
      namespace: 'flux-system',
    });
  });
});
