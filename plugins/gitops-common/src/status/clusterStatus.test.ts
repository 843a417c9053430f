import * as f from '../__fixtures__/objects';
import { clusterStatusSchema } from '../schemas/api';
import { buildClusterStatus, summarizeClusterStatus } from './clusterStatus';

describe('buildClusterStatus', () => {
  const status = buildClusterStatus({
    cluster: { name: 'dev', title: 'Dev' },
    objects: [
      f.kustomizationV1Ready,
      f.kustomizationV1beta2Stalled,
      f.helmReleaseV2,
      f.helmReleaseV2beta2NoHistory,
      f.gitRepositoryV1,
      f.ociRepositoryV1beta2,
      f.certificateRenewalFailing,
      f.hpaAtMax,
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ignored' } },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'broken', namespace: 'x' },
        status: { conditions: [{ type: 1 }] },
      },
    ],
    errors: [
      {
        errorType: 'NOT_FOUND',
        statusCode: 404,
        resourcePath: '/apis/cert-manager.io/v1/issuers',
      },
    ],
    now: f.NOW,
  });

  it('sorts objects into views and matches the response schema', () => {
    expect(clusterStatusSchema.safeParse(status).success).toBe(true);
    expect(
      status.kustomizations.map(k => [k.name, k.status.state, k.upToDate]),
    ).toEqual([
      ['apps', 'Ready', true],
      ['apps-staging', 'Failed', false],
    ]);
    expect(status.helmReleases.map(h => h.name)).toEqual(['podinfo', 'legacy']);
    expect(status.sources).toHaveLength(2);
    expect(status.hpas[0].saturated).toBe(true);
    expect(status.certificates[0].daysLeft).toBe(10);
  });

  it('keeps given errors and reports an unparsable object by field', () => {
    expect(status.errors).toEqual([
      {
        errorType: 'NOT_FOUND',
        statusCode: 404,
        resourcePath: '/apis/cert-manager.io/v1/issuers',
      },
      {
        errorType: 'INVALID_OBJECT',
        message: expect.stringMatching(
          /^Kustomization x\/broken does not match its schema: status\.conditions\.0\.type: /,
        ),
      },
    ]);
  });

  it('summarizes for the fleet page', () => {
    const summary = summarizeClusterStatus(status);
    expect(summary.flux).toEqual({ ok: 4, error: 2 });
    expect(summary.hpas).toEqual({ warning: 1 });
    expect(summary.minCertificateDaysLeft).toBe(10);
    expect(summary.health).toBe('error');
  });
});
