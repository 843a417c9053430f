import { execFile, execFileSync } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DevCluster, startDevCluster } from '@drktrc/dev-cluster';
import {
  GitFleetRepository,
  GkeClusterResolver,
} from '@drktrc/plugin-gitops-node';
import {
  FakeGkeServer,
  FleetFileServer,
} from '@drktrc/plugin-gitops-node/testing';
import { createClusterRegisterAction } from '@drktrc/plugin-scaffolder-backend-module-gitops';
import { permissionModuleDrktrcPolicy } from '../modules/permissionPolicy';
import { platformGroupPermissions } from './platformGroupPermissions';
import { repoRoot } from './backendProcess';
import { kubernetesModuleDevClusterAuth } from '../modules/kubernetesDevClusterAuth';

// Real catalog, Kubernetes, permission backends and a real dev cluster.
jest.setTimeout(120_000);

const guest = 'user:default/guest';
const developer = 'user:default/alex';
const ownership: Record<string, string[]> = {
  [guest]: [guest, 'group:default/platform-team'],
  [developer]: [developer, 'group:default/developers'],
};

describe('cluster registration through the real backend', () => {
  let tmp: string;
  let remote: string;
  let cluster: DevCluster;
  let files: FleetFileServer;
  let gke: FakeGkeServer;
  let resolver: GkeClusterResolver;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const services: {
    catalog?: CatalogService;
    permissions?: PermissionsService;
  } = {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-registration-'));
    remote = path.join(tmp, 'fleet.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    cluster = await startDevCluster({
      stateDir: path.join(tmp, 'dev-cluster'),
      port: 0,
      controllers: false,
    });
    files = await FleetFileServer.start({ gitDir: remote });
    gke = await FakeGkeServer.start();
    gke.addCluster({
      project: 'acme-prod',
      location: 'europe-west2',
      name: 'prod-1',
      endpoint: '34.89.1.2',
      caPem: cluster.caPem,
    });
    resolver = new GkeClusterResolver({ endpoint: gke.endpoint });

    // Hands the real catalog and permissions services to the action under test.
    const harness = createBackendPlugin({
      pluginId: 'harness',
      register(env) {
        env.registerInit({
          deps: {
            catalog: catalogServiceRef,
            permissions: coreServices.permissions,
          },
          async init(deps) {
            Object.assign(services, deps);
          },
        });
      },
    });

    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        import('@backstage/plugin-kubernetes-backend'),
        platformGroupPermissions(ownership),
        // The permission backend with our policy answers the CLI's check.
        import('@backstage/plugin-permission-backend'),
        permissionModuleDrktrcPolicy,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: ownership[ref] ?? [ref],
            };
          },
        }).factory,
        kubernetesModuleDevClusterAuth,
        harness,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              reading: { allow: [{ host: new URL(files.baseUrl).host }] },
            },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              processingInterval: { seconds: 1 },
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                // A configured cluster with a built-in strategy keeps working
                // beside our development strategy.
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'configured',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: cluster.token,
                      caData: Buffer.from(cluster.caPem).toString('base64'),
                    },
                  ],
                },
                // loopback allowed in this test configuration only
                { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
              ],
            },
            drktrc: { devCluster: { stateDir: path.join(tmp, 'dev-cluster') } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await resolver?.close();
    await gke?.stop();
    await files?.stop();
    await cluster?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const action = () =>
    createClusterRegisterAction({
      fleet: new GitFleetRepository({ url: remote }),
      gke: resolver,
      catalog: services.catalog!,
      permissions: services.permissions!,
      catalogBaseUrl: files.baseUrl,
      authProviders: ['google', 'drktrcDevCluster'],
    });

  async function run(user: string, input: Record<string, unknown>) {
    const ctx = {
      ...createMockActionContext({ input: input as any }),
      getInitiatorCredentials: async () => mockCredentials.user(user),
    };
    await action().handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  const clusters = async () => {
    const res = await request(backend.server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.user.header(guest));
    expect(res.body.error?.message).toBeUndefined();
    expect(res.status).toBe(200);
    return res.body.items as { name: string; authProvider: string }[];
  };

  const refs = () =>
    execFileSync('git', ['--git-dir', remote, 'for-each-ref'], {
      encoding: 'utf8',
    });

  const devInput = () => ({
    name: 'dev-2',
    title: 'Second development cluster',
    endpoint: cluster.url,
    caCertificate: cluster.caPem,
    authProvider: 'drktrcDevCluster',
    owner: 'group:default/platform-team',
    environment: 'development',
    region: 'local',
    checkConnectivity: true,
  });

  it('a developer gets 403 and nothing is written or registered', async () => {
    const err = await run(developer, devInput()).catch(e => e);
    expect(err.name).toBe('NotAllowedError');
    expect(refs()).toBe('');
    expect((await clusters()).map(c => c.name)).toEqual(['configured']);
  });

  it('lists the new cluster right after the action, with no config change, and reaches it with the dev token', async () => {
    const configured = await request(backend.server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set('Backstage-Kubernetes-Cluster', 'configured')
      .set('Authorization', mockCredentials.user.header(guest));
    expect(configured.status).toBe(200);

    const out = await run(guest, devInput());
    expect(out).toMatchObject({
      entityRef: 'resource:default/dev-2',
      status: 'created',
      warnings: [],
    });
    const listed = await clusters();
    expect(listed.map(c => c.name)).toEqual(['configured', 'dev-2']);
    expect(listed[1].authProvider).toBe('drktrcDevCluster');

    const ns = await request(backend.server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set('Backstage-Kubernetes-Cluster', 'dev-2')
      .set('Authorization', mockCredentials.user.header(guest));
    expect(ns.status).toBe(200);
    expect(ns.body.items.map((n: any) => n.metadata.name)).toContain(
      'podinfo-production',
    );
  });

  it('registering again changes nothing and says so', async () => {
    const before = refs();
    const out = await run(guest, devInput());
    expect(out.status).toBe('unchanged');
    expect(refs()).toBe(before);
  });

  it('registers a GKE cluster resolved through the GKE API', async () => {
    const out = await run(guest, {
      name: 'prod-eu',
      project: 'acme-prod',
      location: 'europe-west2',
      cluster: 'prod-1',
      owner: 'group:default/platform-team',
      environment: 'production',
      region: 'europe-west2',
    });
    expect(out).toMatchObject({ status: 'created', url: 'https://34.89.1.2' });
    const listed = await clusters();
    expect(listed.map(c => c.name).sort()).toEqual([
      'configured',
      'dev-2',
      'prod-eu',
    ]);
    expect(listed.find(c => c.name === 'prod-eu')?.authProvider).toBe('google');
    const entity = await services.catalog!.getEntityByRef(
      'resource:default/prod-eu',
      {
        credentials: mockCredentials.user(guest),
      },
    );
    expect(JSON.stringify(entity)).not.toContain(cluster.token);
  });

  it('a changed endpoint updates the entity the Kubernetes backend serves', async () => {
    gke.addCluster({
      project: 'acme-prod',
      location: 'europe-west2',
      name: 'prod-1',
      endpoint: '34.89.9.9',
      caPem: cluster.caPem,
    });
    const out = await run(guest, {
      name: 'prod-eu',
      project: 'acme-prod',
      location: 'europe-west2',
      cluster: 'prod-1',
      owner: 'group:default/platform-team',
      environment: 'production',
      region: 'europe-west2',
    });
    expect(out).toMatchObject({
      status: 'updated',
      url: 'https://34.89.9.9',
      warnings: [],
    });
    const entity = await services.catalog!.getEntityByRef(
      'resource:default/prod-eu',
      {
        credentials: mockCredentials.user(guest),
      },
    );
    expect(entity?.metadata.annotations?.['kubernetes.io/api-server']).toBe(
      'https://34.89.9.9',
    );
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a non-https endpoint',
      {
        endpoint: 'http://127.0.0.1:6443',
      },
      /^endpoint: the API server must use https/,
    ],
    [
      'a malformed endpoint',
      { endpoint: 'https://' },
      /^endpoint: 'https:\/\/' is not a valid URL/,
    ],
    [
      'a CA that is not PEM',
      { caCertificate: 'MIIB...' },
      /^caCertificate: not a PEM certificate/,
    ],
    [
      'a name that is not a DNS label',
      { name: 'Dev_3' },
      /^name: 'Dev_3' is not a DNS label/,
    ],
    [
      'a cluster that does not exist',
      {
        endpoint: undefined,
        caCertificate: undefined,
        authProvider: 'google',
        project: 'acme-prod',
        location: 'europe-west2',
        cluster: 'ghost',
      },
      /^cluster: GKE cluster 'ghost' not found/,
    ],
  ])(
    'bad input: %s is refused naming the field, nothing written or registered',
    async (_c, patch, message) => {
      const before = refs();
      const listed = (await clusters()).map(c => c.name).sort();
      await expect(
        run(guest, { ...devInput(), name: 'dev-3', ...patch }),
      ).rejects.toThrow(message);
      expect(refs()).toBe(before);
      expect((await clusters()).map(c => c.name).sort()).toEqual(listed);
    },
  );
  describe('yarn drktrc cluster register (the same code, through the REST API)', () => {
    const drktrc = (user: string, args: string[]) => {
      const { port } = backend.server.address() as AddressInfo;
      return promisify(execFile)(
        process.execPath,
        [
          path.join(repoRoot, 'packages/cli/bin/drktrc'),
          'cluster',
          'register',
          '--backstage-url',
          `http://127.0.0.1:${port}`,
          '--fleet-repo',
          remote,
          '--catalog-base-url',
          files.baseUrl,
          '--owner',
          'group:default/platform-team',
          '--environment',
          'development',
          '--region',
          'local',
          ...args,
        ],
        {
          cwd: tmp,
          env: {
            ...process.env,
            INIT_CWD: tmp,
            BACKSTAGE_TOKEN: mockCredentials.user.token(user),
          },
        },
      );
    };

    beforeAll(() => fs.writeFileSync(path.join(tmp, 'ca.pem'), cluster.caPem));

    it('registers a cluster the Kubernetes backend then lists', async () => {
      const args = [
        '--name',
        'dev-cli',
        '--endpoint',
        cluster.url,
        '--ca-file',
        'ca.pem',
        '--auth-provider',
        'drktrcDevCluster',
      ];
      const { stdout } = await drktrc(guest, args);
      expect(stdout).toMatch(
        /^resource:default\/dev-cli created \(https:\/\/127\.0\.0\.1:\d+\) commit [0-9a-f]{40}$/m,
      );
      expect((await clusters()).map(c => c.name)).toContain('dev-cli');
      const again = await drktrc(guest, args);
      expect(again.stdout).toMatch(/already registered; nothing changed/);
    });

    it('refuses --fleet-repo without --catalog-base-url, naming both flags, and writes nothing', async () => {
      const before = refs();
      const { port } = backend.server.address() as AddressInfo;
      const err = await promisify(execFile)(
        process.execPath,
        [
          path.join(repoRoot, 'packages/cli/bin/drktrc'),
          'cluster',
          'register',
          '--backstage-url',
          `http://127.0.0.1:${port}`,
          '--fleet-repo',
          remote,
          '--name',
          'dev-half',
          '--endpoint',
          cluster.url,
          '--ca-file',
          'ca.pem',
          '--owner',
          'group:default/platform-team',
          '--environment',
          'development',
          '--region',
          'local',
        ],
        {
          cwd: tmp,
          env: {
            ...process.env,
            INIT_CWD: tmp,
            BACKSTAGE_TOKEN: mockCredentials.user.token(guest),
          },
        },
      ).catch(e => e);
      expect(err.code).toBe(1);
      expect(err.stderr).toMatch(
        /--fleet-repo and --catalog-base-url go together/,
      );
      expect(refs()).toBe(before);
    });

    it('refuses a developer (403) and writes nothing', async () => {
      const before = refs();
      const err = await drktrc(developer, [
        '--name',
        'dev-alex',
        '--endpoint',
        cluster.url,
        '--ca-file',
        'ca.pem',
      ]).catch(e => e);
      expect(err.code).toBe(1);
      expect(err.stderr).toMatch(
        /Only the platform team may register clusters/,
      );
      expect(refs()).toBe(before);
    });
  });
});
