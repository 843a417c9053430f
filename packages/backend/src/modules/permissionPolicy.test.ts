import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import permissionPlugin from '@backstage/plugin-permission-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gitopsClusterRegisterPermission,
  gitopsFluxReconcilePermission,
  gitopsFluxSuspendPermission,
} from '@drktrc/plugin-gitops-common';
import {
  PlatformGroupPolicy,
  permissionModuleDrktrcPolicy,
} from './permissionPolicy';

const guest = 'user:default/guest';
const developer = 'user:default/alex';

// Ownership refs as sign-in resolves them from examples/org.yaml.
const ownership: Record<string, string[]> = {
  [guest]: [guest, 'group:default/platform-team'],
  [developer]: [developer, 'group:default/developers'],
};

function policyUser(ref: string) {
  return {
    identity: {
      type: 'user' as const,
      userEntityRef: ref,
      ownershipEntityRefs: ownership[ref],
    },
    token: 'token',
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: ownership[ref] },
  };
}

describe('PlatformGroupPolicy', () => {
  const policy = new PlatformGroupPolicy({
    platformGroups: ['group:default/platform-team'],
  });

  it.each([
    gitopsClusterRegisterPermission,
    gitopsFluxReconcilePermission,
    gitopsFluxSuspendPermission,
  ])('allows $name only for platform-team members', async permission => {
    await expect(
      policy.handle({ permission }, policyUser(guest)),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission }, policyUser(developer)),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets everyone read the catalog', async () => {
    const permission = {
      type: 'resource' as const,
      name: 'catalog.entity.read',
      attributes: { action: 'read' as const },
      resourceType: 'catalog-entity',
    };
    await expect(
      policy.handle({ permission }, policyUser(developer)),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets other users run every scaffolder action except cluster registration', async () => {
    const permission = {
      type: 'resource' as const,
      name: 'scaffolder.action.execute',
      attributes: {},
      resourceType: 'scaffolder-action',
    };
    await expect(
      policy.handle({ permission }, policyUser(developer)),
    ).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        not: {
          rule: 'HAS_ACTION_ID',
          params: { actionId: 'gitops:cluster:register' },
        },
      },
    });
    await expect(
      policy.handle({ permission }, policyUser(guest)),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});

describe('the Kubernetes proxy through the real backend', () => {
  let upstream: http.Server;
  let upstreamUrl: string;

  beforeAll(async () => {
    // Stands in for a cluster's API server: answers every request with 200.
    upstream = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'NamespaceList', items: [] }));
    });
    await new Promise<void>(resolve =>
      upstream.listen(0, '127.0.0.1', resolve),
    );
    upstreamUrl = `http://127.0.0.1:${
      (upstream.address() as AddressInfo).port
    }`;
  });

  afterAll(async () => {
    await new Promise(resolve => upstream.close(resolve));
  });

  it('lets developers read through it (pod logs, events), like the platform team', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleDrktrcPolicy,
        kubernetesPlugin,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'dev',
                      url: upstreamUrl,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'dev-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return { userEntityRef: ref, ownershipEntityRefs: ownership[ref] };
          },
        }).factory,
      ],
    });

    const asGuest = await request(server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set('Backstage-Kubernetes-Cluster', 'dev')
      .set('Authorization', mockCredentials.user.header(guest));
    expect(asGuest.status).toBe(200);
    expect(asGuest.body).toEqual({ kind: 'NamespaceList', items: [] });

    const asDeveloper = await request(server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set('Backstage-Kubernetes-Cluster', 'dev')
      .set('Authorization', mockCredentials.user.header(developer));
    expect(asDeveloper.status).toBe(200);
    expect(asDeveloper.body).toEqual({ kind: 'NamespaceList', items: [] });
  });
});
