import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import permissionPlugin from '@backstage/plugin-permission-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
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
  PLATFORM_ONLY_ANNOTATION,
} from '@drktrc/plugin-gitops-common';
import {
  PlatformGroupPolicy,
  permissionModuleDrktrcPolicy,
} from './permissionPolicy';
import { repoRoot } from '../integration/backendProcess';
import { platformGroupPermissions } from '../integration/platformGroupPermissions';

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

  it('lets everyone refresh catalog entities', async () => {
    const permission = {
      type: 'resource' as const,
      name: 'catalog.entity.refresh',
      attributes: { action: 'update' as const },
      resourceType: 'catalog-entity',
    };
    await expect(
      policy.handle({ permission }, policyUser(developer)),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('hides platform-only entities from the catalog reads of other users', async () => {
    const permission = {
      type: 'resource' as const,
      name: 'catalog.entity.read',
      attributes: { action: 'read' as const },
      resourceType: 'catalog-entity',
    };
    await expect(
      policy.handle({ permission }, policyUser(developer)),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          resourceType: 'catalog-entity',
          rule: 'HAS_ANNOTATION',
          params: { annotation: PLATFORM_ONLY_ANNOTATION, value: 'true' },
        },
      },
    });
    await expect(
      policy.handle({ permission }, policyUser(guest)),
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

describe('platform-only templates through the real catalog', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        platformGroupPermissions(ownership),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              processingInterval: { seconds: 1 },
              // The repository's templates, as app-config.yaml registers them.
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'templates/*/template.yaml'),
                  rules: [{ allow: ['Template'] }],
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  }, 60_000);

  afterAll(async () => {
    await stop?.();
  });

  const templates = async (user: string) => {
    const res = await request(server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=template' })
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return (res.body.items as { metadata: { name: string } }[])
      .map(e => e.metadata.name)
      .sort();
  };

  const byRef = (user: string) =>
    request(server)
      .get('/api/catalog/entities/by-name/template/default/register-cluster')
      .set('Authorization', mockCredentials.user.header(user));

  it('lists register-cluster for the platform team only; alex cannot fetch it by ref', async () => {
    // The catalog processes the template files shortly after start.
    for (let i = 0; i < 60; i++) {
      if ((await templates(guest)).length === 2) break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect(await templates(guest)).toEqual([
      'gitops-service',
      'register-cluster',
    ]);
    expect((await byRef(guest)).status).toBe(200);

    expect(await templates(developer)).toEqual(['gitops-service']);
    expect((await byRef(developer)).status).toBe(404);
    const own = await request(server)
      .get('/api/catalog/entities/by-name/template/default/gitops-service')
      .set('Authorization', mockCredentials.user.header(developer));
    expect(own.status).toBe(200);
  }, 60_000);
});
