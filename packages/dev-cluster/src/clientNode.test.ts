import type * as k8s from '@kubernetes/client-node';
import { DevCluster } from './startDevCluster';
import { startTestCluster } from './testUtils';

describe('@kubernetes/client-node against the dev cluster', () => {
  let cluster: DevCluster;
  let client: typeof k8s;
  let kc: k8s.KubeConfig;

  beforeAll(async () => {
    client = await import('@kubernetes/client-node');
    cluster = await startTestCluster();
    kc = new client.KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    // The first import transforms the whole client (slow on a cold jest cache).
  }, 60_000);

  afterAll(() => cluster.close());

  it('lists deployments across namespaces with a label selector', async () => {
    const apps = kc.makeApiClient(client.AppsV1Api);
    const list = await apps.listDeploymentForAllNamespaces({
      labelSelector: 'backstage.io/kubernetes-id=podinfo',
    });
    expect(list.items.map(d => d.metadata?.namespace).sort()).toEqual([
      'podinfo-production',
      'podinfo-staging',
    ]);
  });

  it('gets an HPA at max replicas with CPU, memory and Pods metrics', async () => {
    const autoscaling = kc.makeApiClient(client.AutoscalingV2Api);
    const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'podinfo',
      namespace: 'podinfo-production',
    });
    expect(hpa.status?.currentReplicas).toBe(hpa.spec?.maxReplicas);
    expect(hpa.status?.currentMetrics?.map(m => m.type)).toEqual([
      'Resource',
      'Resource',
      'Pods',
    ]);
    expect(hpa.status?.currentMetrics?.[1].resource?.name).toBe('memory');
  });

  it('merge-patches a custom resource and watches the change', async () => {
    const custom = kc.makeApiClient(client.CustomObjectsApi);
    const events: { type: string; name: string; requestedAt?: string }[] = [];
    const watch = new client.Watch(kc);
    let sawModified: () => void = () => {};
    const seen = new Promise<void>(resolve => {
      sawModified = resolve;
    });
    const controller = await watch.watch(
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations',
      { labelSelector: 'backstage.io/kubernetes-id=podinfo' },
      (type, obj) => {
        events.push({
          type,
          name: obj.metadata.name,
          requestedAt:
            obj.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'],
        });
        if (type === 'MODIFIED') sawModified();
      },
      () => {},
    );
    try {
      await custom.patchNamespacedCustomObject(
        {
          group: 'kustomize.toolkit.fluxcd.io',
          version: 'v1',
          namespace: 'flux-system',
          plural: 'kustomizations',
          name: 'podinfo-production',
          body: {
            metadata: {
              annotations: {
                'reconcile.fluxcd.io/requestedAt': '2026-01-01T00:00:00Z',
              },
            },
          },
        },
        client.setHeaderOptions(
          'Content-Type',
          client.PatchStrategy.MergePatch,
        ),
      );
      await seen;
    } finally {
      controller.abort();
    }
    expect(
      events
        .filter(e => e.type === 'ADDED')
        .map(e => e.name)
        .sort(),
    ).toEqual(['podinfo-production', 'podinfo-staging']);
    expect(events.find(e => e.type === 'MODIFIED')).toEqual({
      type: 'MODIFIED',
      name: 'podinfo-production',
      requestedAt: '2026-01-01T00:00:00Z',
    });
  });
});
