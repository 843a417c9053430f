import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { authModuleDrktrcDevUsers, DEV_USER_HEADER } from './devSignIn';

const alex = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alex', namespace: 'default' },
  spec: { memberOf: ['developers'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/developers' }],
};

const start = (environment: string) =>
  startTestBackend({
    features: [
      import('@backstage/plugin-auth-backend'),
      authModuleDrktrcDevUsers,
      catalogServiceMock.factory({ entities: [alex] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { environment, providers: { 'dev-user': {} } },
        },
      }),
    ],
  });

describe('development sign-in as a catalog user', () => {
  it('signs in as the named catalog User with their groups', async () => {
    const { server } = await start('development');
    const res = await request(server)
      .get('/api/auth/dev-user/refresh')
      .set(DEV_USER_HEADER, 'alex');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/alex',
      ownershipEntityRefs: ['user:default/alex', 'group:default/developers'],
    });
    const unknown = await request(server)
      .get('/api/auth/dev-user/refresh')
      .set(DEV_USER_HEADER, 'nobody');
    expect(unknown.status).toBe(404);
    const missing = await request(server).get('/api/auth/dev-user/refresh');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      'x-drktrc-dev-user: name a catalog User, e.g. alex',
    );
  });

  it('does not exist outside development', async () => {
    const { server } = await start('production');
    const res = await request(server)
      .get('/api/auth/dev-user/refresh')
      .set(DEV_USER_HEADER, 'alex');
    expect(res.status).toBe(404);
  });
});
