import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parse, parseAllDocuments } from 'yaml';
import { GitFleetRepository } from '../fleet';
import { GkeClusterResolver } from '../gke';
import { FakeGkeServer } from '../testing';
import {
  ClusterCatalog,
  ClusterRegistrar,
  ClusterRegistrationRequest,
} from './ClusterRegistrar';

function makeCa(dir: string, cn: string): string {
  const key = path.join(dir, `${cn}.key`);
  const cert = path.join(dir, `${cn}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      `/CN=${cn}`,
    ],
    { stdio: 'ignore' },
  );
  return fs.readFileSync(cert, 'utf8');
}

/** The catalog as the registrar sees it: locations and the entities they hold. */
class RecordingCatalog implements ClusterCatalog {
  readonly locations: string[] = [];
  readonly refreshed: string[] = [];
  readonly entities = new Map<string, Entity>();
  constructor(private readonly remote: string) {}
  async ensureLocation(target: string) {
    if (this.locations.includes(target)) return false;
    this.locations.push(target);
    this.ingest();
    return true;
  }
  async getEntity(ref: string) {
    return this.entities.get(ref);
  }
  async refresh(ref: string) {
    this.refreshed.push(ref);
    this.ingest();
  }
  /** Reads every registered file from the fleet repository with git. */
  private ingest() {
    for (const target of this.locations) {
      const file = target.replace('fleet:', '');
      const text = execFileSync(
        'git',
        ['--git-dir', this.remote, 'show', `main:${file}`],
        { encoding: 'utf8' },
      );
      const entity = parse(text) as Entity;
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-origin-location': `url:${target}`,
      };
      this.entities.set(`resource:default/${entity.metadata.name}`, entity);
    }
  }
}

describe('ClusterRegistrar', () => {
  let tmp: string;
  let remote: string;
  let gke: FakeGkeServer;
  let resolver: GkeClusterResolver;
  let caA: string;
  let caB: string;
  let catalog: RecordingCatalog;
  let registrar: ClusterRegistrar;
  const warnings: string[] = [];

  const gitLog = () =>
    execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
  const show = (p: string) =>
    execFileSync('git', ['--git-dir', remote, 'show', `main:${p}`], {
      encoding: 'utf8',
    });
  const heads = () =>
    execFileSync('git', ['--git-dir', remote, 'for-each-ref'], {
      encoding: 'utf8',
    });

  const gkeRequest: ClusterRegistrationRequest = {
    name: 'prod-eu',
    gke: { project: 'acme-prod', location: 'europe-west2', cluster: 'prod-1' },
    owner: 'group:default/platform-team',
    system: 'demo',
    environment: 'production',
    region: 'europe-west2',
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'registrar-'));
    remote = path.join(tmp, 'fleet.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    caA = makeCa(tmp, 'ca-a');
    caB = makeCa(tmp, 'ca-b');
    gke = await FakeGkeServer.start();
    gke.addCluster({
      project: 'acme-prod',
      location: 'europe-west2',
      name: 'prod-1',
      endpoint: '34.89.1.2',
      caPem: caA,
    });
    resolver = new GkeClusterResolver({ endpoint: gke.endpoint });
    catalog = new RecordingCatalog(remote);
    registrar = new ClusterRegistrar({
      fleet: new GitFleetRepository({ url: remote }),
      catalog,
      gke: resolver,
      catalogUrlFor: p => `fleet:${p}`,
      authProviders: ['google', 'drktrc-dev-cluster'],
      logger: { info: () => {}, warn: m => warnings.push(m) },
      catalogWait: { attempts: 1, intervalMs: 0 },
    });
  });

  afterAll(async () => {
    await resolver.close();
    await gke.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('registers a GKE cluster: catalog Resource, Flux entry with the flux-system patch, catalog location', async () => {
    const result = await registrar.register(gkeRequest);
    expect(result).toMatchObject({
      status: 'created',
      entityRef: 'resource:default/prod-eu',
      url: 'https://34.89.1.2',
      catalogLocation: 'fleet:catalog/clusters/prod-eu.yaml',
    });
    expect(result.changedFiles.sort()).toEqual([
      'catalog/clusters/prod-eu.yaml',
      'clusters/prod-eu/flux-system/gotk-sync.yaml',
      'clusters/prod-eu/flux-system/kustomization.yaml',
    ]);
    const entity = parse(show('catalog/clusters/prod-eu.yaml'));
    expect(entity).toMatchObject({
      kind: 'Resource',
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-team',
        system: 'system:default/demo',
      },
      metadata: {
        annotations: {
          'kubernetes.io/api-server': 'https://34.89.1.2',
          'kubernetes.io/api-server-certificate-authority':
            Buffer.from(caA).toString('base64'),
          'kubernetes.io/auth-provider': 'google',
        },
        labels: {
          'drktrc.io/environment': 'production',
          'drktrc.io/region': 'europe-west2',
        },
      },
    });
    expect(entity.metadata.links[0].url).toBe(
      'https://console.cloud.google.com/kubernetes/clusters/details/europe-west2/prod-1/details?project=acme-prod',
    );
    expect(JSON.stringify(entity)).not.toMatch(/token/i);
    const kustomization = parse(
      show('clusters/prod-eu/flux-system/kustomization.yaml'),
    );
    expect(parse(kustomization.patches[0].patch).metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account':
        'flux-kustomize@acme-prod.iam.gserviceaccount.com',
    });
    const sync = parseAllDocuments(
      show('clusters/prod-eu/flux-system/gotk-sync.yaml'),
    ).map(d => d.toJS());
    expect(sync[1].spec.path).toBe('./clusters/prod-eu');
    expect(catalog.locations).toEqual(['fleet:catalog/clusters/prod-eu.yaml']);
    expect(await catalog.getEntity('resource:default/prod-eu')).toBeDefined();
  });

  it('registering the same cluster again changes nothing and says so', async () => {
    const before = gitLog();
    const result = await registrar.register(gkeRequest);
    expect(result.status).toBe('unchanged');
    expect(result.changedFiles).toEqual([]);
    expect(gitLog()).toEqual(before);
    expect(catalog.locations).toHaveLength(1);
  });

  it('a changed endpoint and CA update the entity but keep the Flux entry', async () => {
    gke.addCluster({
      project: 'acme-prod',
      location: 'europe-west2',
      name: 'prod-1',
      endpoint: '34.89.9.9',
      caPem: caB,
    });
    const result = await registrar.register(gkeRequest);
    expect(result.status).toBe('updated');
    expect(result.changedFiles).toEqual(['catalog/clusters/prod-eu.yaml']);
    expect(catalog.refreshed).toEqual(['resource:default/prod-eu']);
    const entity = await catalog.getEntity('resource:default/prod-eu');
    expect(entity?.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': 'https://34.89.9.9',
      'kubernetes.io/api-server-certificate-authority':
        Buffer.from(caB).toString('base64'),
    });
  });

  it('registers an explicit endpoint and CA', async () => {
    const result = await registrar.register({
      name: 'dev-2',
      endpoint: 'https://127.0.0.1:16444/',
      caCertificate: caA,
      authProvider: 'drktrc-dev-cluster',
      owner: 'platform-team',
      environment: 'development',
      region: 'local',
    });
    expect(result.status).toBe('created');
    const entity = parse(show('catalog/clusters/dev-2.yaml'));
    expect(entity.metadata.annotations['kubernetes.io/api-server']).toBe(
      'https://127.0.0.1:16444',
    );
    expect(entity.metadata.links).toBeUndefined();
    expect(
      parse(show('clusters/dev-2/flux-system/kustomization.yaml')).patches,
    ).toBeUndefined();
  });

  it('reports an unreachable cluster as a warning, not a failure', async () => {
    const result = await registrar.register({
      name: 'dev-3',
      endpoint: 'https://127.0.0.1:1',
      caCertificate: caA,
      authProvider: 'drktrc-dev-cluster',
      owner: 'platform-team',
      environment: 'development',
      region: 'local',
      checkConnectivity: true,
    });
    expect(result.status).toBe('created');
    expect(result.warnings[0]).toMatch(
      /^Cluster dev-3 is not reachable at https:\/\/127\.0\.0\.1:1\/version/,
    );
  });

  it('two registrations at the same time both land in the fleet repository', async () => {
    const request = (name: string): ClusterRegistrationRequest => ({
      name,
      endpoint: 'https://10.9.9.9',
      caCertificate: caA,
      authProvider: 'drktrc-dev-cluster',
      owner: 'platform-team',
      environment: 'development',
      region: 'local',
    });
    const results = await Promise.all(
      ['para-1', 'para-2', 'para-3'].map(n => registrar.register(request(n))),
    );
    expect(results.map(r => r.status)).toEqual([
      'created',
      'created',
      'created',
    ]);
    for (const n of ['para-1', 'para-2', 'para-3']) {
      expect(parse(show(`catalog/clusters/${n}.yaml`)).metadata.name).toBe(n);
    }
  });

  describe('bad input: a clear error naming the field, nothing written or registered', () => {
    const explicit = {
      name: 'bad-1',
      owner: 'platform-team',
      environment: 'development',
      region: 'local',
      authProvider: 'drktrc-dev-cluster',
    };
    it.each<[string, Partial<ClusterRegistrationRequest>, RegExp]>([
      [
        'a non-https endpoint',
        { endpoint: 'http://10.0.0.1', caCertificate: 'CA_A' },
        /^endpoint: the API server must use https/,
      ],
      [
        'a malformed endpoint',
        { endpoint: 'https//nope', caCertificate: 'CA_A' },
        /^endpoint: 'https\/\/nope' is not a valid URL/,
      ],
      [
        'an endpoint with a path',
        { endpoint: 'https://10.0.0.1/api', caCertificate: 'CA_A' },
        /^endpoint: give the API server as https:\/\/HOST\[:PORT\] without a path/,
      ],
      [
        'a CA that is not PEM',
        { endpoint: 'https://10.0.0.1', caCertificate: 'hello' },
        /^caCertificate: not a PEM certificate/,
      ],
      [
        'a PEM block that is not a certificate',
        {
          endpoint: 'https://10.0.0.1',
          caCertificate:
            '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
        },
        /^caCertificate: the PEM block is not a valid X.509 certificate/,
      ],
      [
        'a name that is not a DNS label',
        {
          name: 'Prod_EU',
          endpoint: 'https://10.0.0.1',
          caCertificate: 'CA_A',
        },
        /^name: 'Prod_EU' is not a DNS label/,
      ],
      [
        'a cluster that does not exist',
        {
          gke: {
            project: 'acme-prod',
            location: 'europe-west2',
            cluster: 'ghost',
          },
          authProvider: 'google',
        },
        /^cluster: GKE cluster 'ghost' not found in project 'acme-prod'/,
      ],
      [
        'an auth provider not allowed',
        {
          endpoint: 'https://10.0.0.1',
          caCertificate: 'CA_A',
          authProvider: 'serviceAccount',
        },
        /^authProvider: 'serviceAccount' is not allowed/,
      ],
      [
        'both GKE and endpoint',
        {
          gke: gkeRequest.gke,
          endpoint: 'https://10.0.0.1',
          caCertificate: 'CA_A',
        },
        /^endpoint: give either GKE coordinates/,
      ],
      ['no endpoint', {}, /^endpoint: required/],
    ])('%s', async (_case, patch, message) => {
      const before = heads();
      const locations = [...catalog.locations];
      const request = { ...explicit, ...patch } as ClusterRegistrationRequest;
      if (request.caCertificate === 'CA_A') request.caCertificate = caA;
      await expect(registrar.register(request)).rejects.toThrow(message);
      expect(heads()).toEqual(before);
      expect(catalog.locations).toEqual(locations);
    });

    it('a name another catalog entity already has', async () => {
      catalog.entities.set('resource:default/taken', {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'taken',
          annotations: {
            'backstage.io/managed-by-origin-location':
              'url:https://github.com/acme/infra/blob/main/catalog-info.yaml',
          },
        },
        spec: { type: 'database', owner: 'dba' },
      });
      const before = heads();
      await expect(
        registrar.register({
          ...explicit,
          name: 'taken',
          endpoint: 'https://10.0.0.1',
          caCertificate: caA,
        } as ClusterRegistrationRequest),
      ).rejects.toThrow(
        /^name: the catalog already has resource:default\/taken from url:https:\/\/github.com\/acme\/infra/,
      );
      expect(heads()).toEqual(before);
    });

    it('an expired CA', async () => {
      const later = new ClusterRegistrar({
        fleet: new GitFleetRepository({ url: remote }),
        catalog,
        gke: resolver,
        catalogUrlFor: p => `fleet:${p}`,
        authProviders: ['drktrc-dev-cluster'],
        logger: { info: () => {}, warn: () => {} },
        now: () => new Date(Date.now() + 365 * 24 * 3600 * 1000),
      });
      const before = heads();
      await expect(
        later.register({
          ...explicit,
          endpoint: 'https://10.0.0.1',
          caCertificate: caA,
        } as ClusterRegistrationRequest),
      ).rejects.toThrow(/^caCertificate: the CA certificate expired on /);
      expect(heads()).toEqual(before);
    });
  });
});
