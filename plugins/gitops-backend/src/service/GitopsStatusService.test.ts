import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultCertificateThresholds } from '@drktrc/plugin-gitops-common';
import { GitopsStatusService } from './GitopsStatusService';
import {
  KubernetesBackendClient,
  KubernetesQueryItem,
} from './KubernetesBackendClient';

const ks = (apiVersion: string, name: string) => ({
  apiVersion,
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', generation: 1 },
  status: {
    observedGeneration: 1,
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' },
    ],
  },
});

/**
 * The Kubernetes plugin's answers for two clusters: `new` serves
 * kustomize.toolkit.fluxcd.io/v1 and v1beta2, `old` (an older Flux) only v1beta2.
 */
function kubernetesFake() {
  const queries: string[][] = [];
  const answer = (versions: string[]): KubernetesQueryItem[] => {
    const wantsV1 = versions.includes('kustomize.toolkit.fluxcd.io/v1');
    return [
      {
        cluster: { name: 'new' },
        // It serves both versions: asked for v1beta2 it returns the same object again.
        resources: [
          {
            type: 'customresources',
            resources: [
              ks(
                wantsV1
                  ? 'kustomize.toolkit.fluxcd.io/v1'
                  : 'kustomize.toolkit.fluxcd.io/v1beta2',
                'apps',
              ),
            ],
          },
        ],
        errors: [],
      },
      {
        cluster: { name: 'old' },
        resources: versions.includes('kustomize.toolkit.fluxcd.io/v1beta2')
          ? [
              {
                type: 'customresources',
                resources: [
                  ks('kustomize.toolkit.fluxcd.io/v1beta2', 'legacy'),
                ],
              },
            ]
          : [],
        errors: wantsV1
          ? [
              {
                errorType: 'NOT_FOUND',
                statusCode: 404,
                resourcePath:
                  '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
              },
            ]
          : [],
      },
    ];
  };
  const client = {
    queryCustomResources: jest.fn(async (_creds, request) => {
      const versions = request.customResources.map(
        (c: { group: string; apiVersion: string }) =>
          `${c.group}/${c.apiVersion}`,
      );
      queries.push(versions);
      return answer(versions);
    }),
  };
  return { client: client as unknown as KubernetesBackendClient, queries };
}

describe('GitopsStatusService.entityStatus', () => {
  it('asks again with the older version where a cluster does not serve the preferred one', async () => {
    const { client, queries } = kubernetesFake();
    const service = new GitopsStatusService({
      kubernetes: client,
      catalog: catalogServiceMock(),
      cache: mockServices.cache.mock(),
      thresholds: defaultCertificateThresholds,
      fleetCacheTtlMs: 1000,
    });
    const status = await service.entityStatus({
      entityRef: 'component:default/podinfo',
      credentials: mockCredentials.user(),
    });
    expect(queries).toHaveLength(2);
    expect(queries[1]).toEqual(['kustomize.toolkit.fluxcd.io/v1beta2']);
    const byName = Object.fromEntries(
      status.clusters.map(c => [c.cluster.name, c]),
    );
    expect(byName.new.kustomizations.map(k => [k.apiVersion, k.name])).toEqual([
      ['kustomize.toolkit.fluxcd.io/v1', 'apps'],
    ]);
    expect(
      byName.old.kustomizations.map(k => [
        k.apiVersion,
        k.name,
        k.status.state,
      ]),
    ).toEqual([['kustomize.toolkit.fluxcd.io/v1beta2', 'legacy', 'Ready']]);
    // The 404 of the preferred version is resolved, not reported.
    expect(byName.old.errors).toEqual([]);
  });
});
