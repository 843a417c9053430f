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
  findResourceByKind,
  startDevCluster,
} from '@drktrc/dev-cluster';
import { permissionModuleDrktrcPolicy } from '../modules/permissionPolicy';
import {
  developer,
  guest,
  userInfoWithOwnership,
} from './__testUtils__/testUsers';
import {
  kubernetesModuleProxyWriteGuard,
  PROXY_WRITE_REFUSED_EVENT,
} from '../modules/kubernetesProxyWriteGuard';

// Starting the Kubernetes backend and its first cluster queries takes a while on a busy machine.
jest.setTimeout(60_000);

const deploymentPath =
  '/apis/apps/v1/namespaces/podinfo-production/deployments/podinfo';
const deployment = findResourceByKind('apps/v1', 'Deployment')!;
const pod = findResourceByKind('v1', 'Pod')!;

/** Audit events as the auditor receives them, with their outcome. */
interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta?: unknown;
  outcome?: string;
}

describe('the Kubernetes proxy with the drktrc write guard and the dev cluster', () => {
  let cluster: DevCluster;
  let stateDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  const audited: RecordedAuditEvent[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, severityLevel, meta }) => {
      const event: RecordedAuditEvent = { eventId, severityLevel, meta };
      audited.push(event);
      return {
        success: async () => {
          event.outcome = 'success';
        },
        fail: async ({ error }) => {
          event.outcome = `fail: ${error.name}`;
        },
      };
    },
  });

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'kubernetes-proxy-'));
    cluster = await startDevCluster({ stateDir, port: 0 });
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        import('@backstage/plugin-permission-backend'),
        permissionModuleDrktrcPolicy,
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
        catalogServiceMock.factory({ entities: [] }),
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

  const proxy = (
    method: 'get' | 'patch' | 'delete',
    path: string,
    user: string,
  ) =>
    request(server)
      [method](`/api/kubernetes/proxy${path}`)
      .set('Authorization', mockCredentials.user.header(user))
      .set('Backstage-Kubernetes-Cluster', 'dev-cluster');

  const patchLabel = (value: string, user: string) =>
    proxy('patch', deploymentPath, user)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ metadata: { labels: { 'changed-by': value } } }));

  const storedDeployment = () =>
    cluster.store.get(deployment, 'podinfo-production', 'podinfo')!;

  const firstPod = () =>
    cluster.store.list(pod, 'podinfo-production')[0].object;

  it('refuses a developer outside the platform team a PATCH (403, says why) and leaves the Deployment unchanged', async () => {
    const before = structuredClone(storedDeployment());

    const res = await patchLabel('alex', developer);

    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.error.message).toContain(
      `PATCH ${deploymentPath} through the Kubernetes proxy was refused`,
    );
    expect(res.body.error.message).toContain('platform team');
    expect(res.body.error.message).toContain('Reconcile button');
    expect(storedDeployment()).toEqual(before);
    expect(storedDeployment().metadata.labels).not.toHaveProperty('changed-by');
    // The refusal is in the audit log.
    expect(audited).toContainEqual({
      eventId: PROXY_WRITE_REFUSED_EVENT,
      severityLevel: 'medium',
      meta: { method: 'PATCH', path: deploymentPath },
      outcome: 'fail: NotAllowedError',
    });
  });

  it('refuses a developer DELETE and exec, even with an encoded path', async () => {
    const name = firstPod().metadata.name;
    const podPath = `/api/v1/namespaces/podinfo-production/pods/${name}`;

    const deleted = await proxy('delete', podPath, developer);
    expect(deleted.status).toBe(403);
    expect(cluster.store.get(pod, 'podinfo-production', name)).toBeDefined();

    const exec = await proxy(
      'get',
      `${podPath}/%65xec?command=sh&stdin=true`,
      developer,
    );
    expect(exec.status).toBe(403);
    expect(exec.body.error.name).toBe('NotAllowedError');
  });

  it('lets a developer read through the proxy: objects, pod logs and events', async () => {
    const read = await proxy('get', deploymentPath, developer);
    expect(read.status).toBe(200);
    expect(read.body.metadata.name).toBe('podinfo');

    const name = firstPod().metadata.name;
    const logs = await proxy(
      'get',
      `/api/v1/namespaces/podinfo-production/pods/${name}/log?tailLines=3`,
      developer,
    );
    expect(logs.status).toBe(200);
    expect(logs.text.trim().split('\n')).toHaveLength(3);

    const events = await proxy(
      'get',
      '/api/v1/namespaces/podinfo-production/events',
      developer,
    );
    expect(events.status).toBe(200);
    expect(events.body.kind).toBe('EventList');
  });

  it('lets a platform team member PATCH through the proxy', async () => {
    const res = await patchLabel('platform-team', guest);

    expect(res.status).toBe(200);
    expect(res.body.metadata.labels['changed-by']).toBe('platform-team');
    expect(storedDeployment().metadata.labels).toMatchObject({
      'changed-by': 'platform-team',
    });
  });
});
