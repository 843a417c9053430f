import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { backstageKubernetesConfig } from './kubeconfig';
import { DevCluster } from './startDevCluster';
import { startTestCluster } from './testUtils';

const podinfo = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'podinfo',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'podinfo' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

type ClusterItem = {
  cluster: { name: string; title?: string };
  resources: { type: string; resources: any[] }[];
  errors: { errorType: string; message?: string; statusCode?: number }[];
};

describe('the real Backstage Kubernetes backend against the dev cluster', () => {
  let cluster: DevCluster;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        mockServices.rootConfig.factory({
          data: backstageKubernetesConfig({
            url: cluster.url,
            token: cluster.token,
            caPem: cluster.caPem,
            unreachableUrl: cluster.unreachableUrl,
          }),
        }),
        catalogServiceMock.factory({ entities: [podinfo] }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    await cluster?.close();
  });

  const post = (path: string, body: object) =>
    request(server)
      .post(`/api/kubernetes${path}`)
      .set('Authorization', mockCredentials.user.header())
      .send(body);

  const byCluster = (items: ClusterItem[], name: string) =>
    items.find(i => i.cluster.name === name);

  it('lists both configured clusters', async () => {
    const res = await request(server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual([
      'dev-cluster',
      'unreachable',
    ]);
  });

  it('returns podinfo workloads, and the unreachable cluster as an error', async () => {
    const res = await post('/resources/workloads/query', {
      entityRef: 'component:default/podinfo',
    });
    expect(res.status).toBe(200);
    const dev = byCluster(res.body.items, 'dev-cluster')!;
    expect(dev.cluster.title).toBe('Development cluster');
    expect(dev.errors).toEqual([]);
    const ofType = (type: string) =>
      dev.resources.filter(r => r.type === type).flatMap(r => r.resources);
    expect(
      ofType('deployments')
        .map(d => d.metadata.namespace)
        .sort(),
    ).toEqual(['podinfo-production', 'podinfo-staging']);
    expect(ofType('pods')).toHaveLength(12);
    const hpa = ofType('horizontalpodautoscalers').find(
      h => h.metadata.namespace === 'podinfo-production',
    );
    expect(hpa.status.currentReplicas).toBe(hpa.spec.maxReplicas);

    // kubernetes.customResources from the fragment ride along with workloads.
    expect(
      ofType('customresources')
        .map(o => o.kind)
        .sort(),
    ).toEqual([
      'Certificate',
      'Certificate',
      'GitRepository',
      'HelmChart',
      'HelmRelease',
      'HelmRelease',
      'HelmRepository',
      'Kustomization',
      'Kustomization',
      'OCIRepository',
    ]);

    const unreachable = byCluster(res.body.items, 'unreachable')!;
    expect(unreachable.errors).toEqual([
      expect.objectContaining({ errorType: 'FETCH_ERROR' }),
    ]);
  });

  it('returns Flux and cert-manager custom resources with their status', async () => {
    const res = await post('/resources/custom/query', {
      entityRef: 'component:default/podinfo',
      customResources: [
        {
          group: 'kustomize.toolkit.fluxcd.io',
          apiVersion: 'v1',
          plural: 'kustomizations',
        },
        {
          group: 'helm.toolkit.fluxcd.io',
          apiVersion: 'v2',
          plural: 'helmreleases',
        },
        {
          group: 'source.toolkit.fluxcd.io',
          apiVersion: 'v1',
          plural: 'gitrepositories',
        },
        { group: 'cert-manager.io', apiVersion: 'v1', plural: 'certificates' },
      ],
    });
    expect(res.status).toBe(200);
    const dev = byCluster(res.body.items, 'dev-cluster')!;
    expect(dev.errors).toEqual([]);
    const all = dev.resources.flatMap(r => r.resources);
    const find = (kind: string, name: string) =>
      all.find(o => o.kind === kind && o.metadata.name === name);

    const stalled = find('Kustomization', 'podinfo-staging');
    expect(stalled.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Stalled', status: 'True' }),
    );
    const source = find('GitRepository', 'podinfo');
    expect(
      find('Kustomization', 'podinfo-production').status.lastAppliedRevision,
    ).toBe(source.status.artifact.revision);
    expect(stalled.status.lastAppliedRevision).not.toBe(
      source.status.artifact.revision,
    );
    expect(
      find('HelmRelease', 'podinfo-production').status.history,
    ).toHaveLength(3);
    const certs = all.filter(o => o.kind === 'Certificate');
    expect(certs).toHaveLength(2);
  });

  it('requests a Flux reconcile through the Kubernetes proxy with a merge patch', async () => {
    const at = '2026-03-04T05:06:07Z';
    const res = await request(server)
      .patch(
        '/api/kubernetes/proxy/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/podinfo-production',
      )
      .set('Authorization', mockCredentials.user.header())
      .set('Backstage-Kubernetes-Cluster', 'dev-cluster')
      .set('Content-Type', 'application/merge-patch+json')
      .send(
        JSON.stringify({
          metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } },
        }),
      );
    expect(res.status).toBe(200);
    expect(
      res.body.metadata.annotations['reconcile.fluxcd.io/requestedAt'],
    ).toBe(at);
  });

  it('reports a cluster-side 404 as data for a kind the cluster does not serve', async () => {
    const res = await post('/resources/custom/query', {
      entityRef: 'component:default/podinfo',
      customResources: [
        { group: 'example.com', apiVersion: 'v1', plural: 'widgets' },
      ],
    });
    expect(res.status).toBe(200);
    expect(byCluster(res.body.items, 'dev-cluster')!.errors).toEqual([
      {
        errorType: 'NOT_FOUND',
        statusCode: 404,
        resourcePath: '/apis/example.com/v1/widgets',
      },
    ]);
  });
});
