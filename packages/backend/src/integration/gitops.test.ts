import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  backstageKubernetesConfig,
  DevCluster,
  startDevCluster,
} from '@drktrc/dev-cluster';
import {
  ClusterStatus,
  entityStatusResponseSchema,
  fleetResponseSchema,
} from '@drktrc/plugin-gitops-common';
import { permissionModuleDrktrcPolicy } from '../modules/permissionPolicy';
import {
  developer,
  guest,
  userInfoWithOwnership,
} from './__testUtils__/testUsers';
import { kubernetesModuleProxyWriteGuard } from '../modules/kubernetesProxyWriteGuard';

// Starting the Kubernetes backend and its first cluster queries takes a while on a busy machine.
jest.setTimeout(60_000);

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

describe('gitops backend with the real Kubernetes backend and the dev cluster', () => {
  let cluster: DevCluster;
  let stateDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({
      success: jest.fn(async () => {}),
      fail: jest.fn(async () => {}),
    })),
  });

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'gitops-backend-'));
    cluster = await startDevCluster({
      stateDir,
      port: 0,
      controllers: { progressDelayMs: 50, reconcileDelayMs: 200 },
    });
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        import('@backstage/plugin-permission-backend'),
        import('@drktrc/plugin-gitops-backend'),
        permissionModuleDrktrcPolicy,
        // as in the portal: Flux writes go through the guarded proxy
        kubernetesModuleProxyWriteGuard,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            ...backstageKubernetesConfig({
              url: cluster.url,
              token: cluster.token,
              caPem: cluster.caPem,
              unreachableUrl: cluster.unreachableUrl,
            }),
          },
        }),
        catalogServiceMock.factory({ entities: [podinfo] }),
        userInfoWithOwnership,
        auditor.factory,
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    await cluster?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const post = (path: string, body: object, user = guest) =>
    request(server)
      .post(`/api/gitops${path}`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body);

  const entityStatus = async (user = guest) => {
    const res = await post(
      '/entity-status',
      { entityRef: 'component:default/podinfo' },
      user,
    );
    expect(res.status).toBe(200);
    return entityStatusResponseSchema.parse(res.body);
  };

  const devCluster = (clusters: ClusterStatus[]) =>
    clusters.find(c => c.cluster.name === 'dev-cluster')!;

  const auditEvents = (eventId: string) =>
    auditor.createEvent.mock.calls
      .map(([options]) => options)
      .filter(options => options.eventId === eventId);

  it("reads podinfo's HPA, certificates and Flux objects, with the unreachable cluster as an error", async () => {
    const status = await entityStatus(developer);
    const dev = devCluster(status.clusters);
    expect(dev.errors).toEqual([]);

    const hpa = dev.hpas.find(h => h.namespace === 'podinfo-production')!;
    expect(hpa.saturated).toBe(true);
    expect(hpa.metrics.map(m => [m.type, m.name])).toEqual([
      ['Resource', 'cpu'],
      ['Resource', 'memory'],
      ['Pods', 'http_requests_per_second'],
    ]);

    const staging = dev.certificates.find(
      c => c.namespace === 'podinfo-staging',
    )!;
    expect(staging.health).toBe('warning');
    expect(staging.daysLeft).toBeLessThanOrEqual(10);
    expect(staging.daysLeft).toBeGreaterThanOrEqual(9);

    const stalled = dev.kustomizations.find(k => k.name === 'podinfo-staging')!;
    expect(stalled.status.state).toBe('Failed');
    expect(stalled.status.reason).toBe('BuildFailed');
    expect(stalled.upToDate).toBe(false);
    expect(
      dev.kustomizations.find(k => k.name === 'podinfo-production')!.upToDate,
    ).toBe(true);

    const release = dev.helmReleases.find(
      h => h.name === 'podinfo-production',
    )!;
    expect(release.history).toHaveLength(3);
    expect(release.revision).toBeDefined();

    const unreachable = status.clusters.find(
      c => c.cluster.name === 'unreachable',
    )!;
    expect(unreachable.cluster.title).toBe('Unreachable cluster');
    expect(unreachable.errors).toEqual([
      expect.objectContaining({ errorType: 'FETCH_ERROR' }),
    ]);
  });

  it('refuses reconcile to a developer outside the platform team (403) and audits it', async () => {
    const res = await post(
      '/reconcile',
      {
        cluster: 'dev-cluster',
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'podinfo-production',
      },
      developer,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    const events = auditEvents('flux-reconcile');
    expect(events).toHaveLength(1);
    const failed = await auditor.createEvent.mock.results.find(
      (_r, i) =>
        auditor.createEvent.mock.calls[i][0].eventId === 'flux-reconcile',
    )!.value;
    expect(failed.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
    expect(failed.success).not.toHaveBeenCalled();
  });

  it('reconciles for the platform team: annotation set, audited, then handled by Flux', async () => {
    auditor.createEvent.mockClear();
    const res = await post('/reconcile', {
      cluster: 'dev-cluster',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'podinfo-production',
    });
    expect(res.status).toBe(200);
    const { requestedAt } = res.body;
    expect(requestedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expect(auditEvents('flux-reconcile')).toEqual([
      expect.objectContaining({
        severityLevel: 'medium',
        meta: {
          cluster: 'dev-cluster',
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'podinfo-production',
          requestedAt,
        },
      }),
    ]);
    const index = auditor.createEvent.mock.calls.findIndex(
      ([o]) => o.eventId === 'flux-reconcile',
    );
    const event = await auditor.createEvent.mock.results[index].value;
    expect(event.success).toHaveBeenCalled();

    // The simulated kustomize-controller handles the request.
    let ks;
    for (let attempt = 0; attempt < 50; attempt++) {
      const dev = devCluster((await entityStatus()).clusters);
      ks = dev.kustomizations.find(k => k.name === 'podinfo-production')!;
      expect(ks.reconcile.requestedAt).toBe(requestedAt);
      if (!ks.reconcile.pending) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(ks!.reconcile).toEqual({
      requestedAt,
      lastHandledAt: requestedAt,
      pending: false,
    });
    expect(ks!.status.state).toBe('Ready');
  });

  it('suspends and resumes a HelmRelease for the platform team only', async () => {
    const target = {
      cluster: 'dev-cluster',
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'podinfo-production',
    };
    const denied = await post(
      '/suspend',
      { ...target, suspend: true },
      developer,
    );
    expect(denied.status).toBe(403);

    const suspended = await post('/suspend', { ...target, suspend: true });
    expect(suspended.status).toBe(200);
    let dev = devCluster((await entityStatus()).clusters);
    expect(
      dev.helmReleases.find(h => h.name === target.name)!.status.state,
    ).toBe('Suspended');
    expect(auditEvents('flux-suspend')).toHaveLength(2);

    const resumed = await post('/suspend', { ...target, suspend: false });
    expect(resumed.body).toEqual({ suspended: false });
    dev = devCluster((await entityStatus()).clusters);
    expect(dev.helmReleases.find(h => h.name === target.name)!.suspended).toBe(
      false,
    );
  });

  it('names the wrong field of a bad request, and unknown objects are 404', async () => {
    const bad = await post('/reconcile', {
      cluster: 'dev-cluster',
      kind: 'Deployment',
      namespace: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/name: /);
    const notFlux = await post('/reconcile', {
      cluster: 'dev-cluster',
      kind: 'Deployment',
      namespace: 'x',
      name: 'y',
    });
    expect(notFlux.status).toBe(400);
    expect(notFlux.body.error.message).toMatch(
      /^kind: 'Deployment' is not a Flux kind/,
    );
    const missing = await post('/reconcile', {
      cluster: 'dev-cluster',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'nope',
    });
    expect(missing.status).toBe(404);
  });

  it('lists the fleet: podinfo per cluster, and the unreachable cluster once as an error', async () => {
    const res = await post('/fleet', {}, developer);
    expect(res.status).toBe(200);
    const fleet = fleetResponseSchema.parse(res.body);
    const row = fleet.components.find(c => c.kubernetesId === 'podinfo')!;
    expect(row.entityRefs).toEqual(['component:default/podinfo']);
    expect(row.clusters.map(c => c.cluster.name)).toEqual(['dev-cluster']);
    expect(row.clusters[0].hpas.warning).toBeGreaterThanOrEqual(1);
    expect(row.clusters[0].minCertificateDaysLeft).toBeLessThanOrEqual(10);
    expect(row.health).toBe('error'); // the Stalled Kustomization
    const unreachable = fleet.clusters.find(
      c => c.cluster.name === 'unreachable',
    )!;
    expect(unreachable.errors).toEqual([
      expect.objectContaining({ errorType: 'FETCH_ERROR' }),
    ]);
    expect(
      fleet.clusters.find(c => c.cluster.name === 'dev-cluster')!.errors,
    ).toEqual([]);
  });
});
