import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from './plugin';

// The full round trip (Kubernetes backend, dev cluster, the portal's policy)
// is in packages/backend/src/integration/gitops.test.ts; this checks what the
// plugin decides before it talks to any cluster.
describe('gitops backend plugin on its own', () => {
  const target = {
    cluster: 'dev-cluster',
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'apps',
  };

  async function start(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({
        success: jest.fn(async () => {}),
        fail: jest.fn(async () => {}),
      })),
    });
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.permissions.factory({ result }),
        catalogServiceMock.factory({ entities: [] }),
        auditor.factory,
      ],
    });
    return { server, auditor };
  }

  it('refuses reconcile and suspend without the permission, audited, before any cluster call', async () => {
    const { server, auditor } = await start(AuthorizeResult.DENY);
    for (const [path, body, eventId] of [
      ['/api/gitops/reconcile', target, 'flux-reconcile'],
      ['/api/gitops/suspend', { ...target, suspend: true }, 'flux-suspend'],
    ] as const) {
      const res = await request(server)
        .post(path)
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/platform team only/);
      const index = auditor.createEvent.mock.calls.findIndex(
        ([o]) => o.eventId === eventId,
      );
      const event = await auditor.createEvent.mock.results[index].value;
      expect(event.fail).toHaveBeenCalled();
    }
  });

  it('names every wrong field of a request body', async () => {
    const { server } = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .post('/api/gitops/suspend')
      .set('Authorization', mockCredentials.user.header())
      .send({ cluster: '', kind: 'Kustomization', namespace: 'x', name: 'y' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid request body: cluster: Too small: expected string to have >=1 characters; suspend: Invalid input: expected boolean, received undefined',
    );
  });

  it('refuses writes from services: a person must be accountable', async () => {
    const { server } = await start(AuthorizeResult.ALLOW);
    const asService = await request(server)
      .post('/api/gitops/reconcile')
      .set('Authorization', mockCredentials.service.header())
      .send(target);
    expect(asService.status).toBe(403);
  });
});
