import { NotFoundError } from '@backstage/errors';
import { FakeGkeServer } from '../testing';
import { GkeClusterResolver } from './GkeClusterResolver';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('GkeClusterResolver against the fake GKE API', () => {
  let server: FakeGkeServer;
  let resolver: GkeClusterResolver;

  beforeAll(async () => {
    server = await FakeGkeServer.start();
    server.addCluster({
      project: 'acme-prod',
      location: 'europe-west2',
      name: 'prod-1',
      endpoint: '34.89.1.2',
      caPem: CA,
    });
    resolver = new GkeClusterResolver({ endpoint: server.endpoint });
  });

  afterAll(async () => {
    await resolver.close();
    await server.stop();
  });

  it('resolves a known cluster to its https URL and PEM CA', async () => {
    await expect(
      resolver.resolve({
        project: 'acme-prod',
        location: 'europe-west2',
        cluster: 'prod-1',
      }),
    ).resolves.toEqual({ url: 'https://34.89.1.2', caPem: CA });
    expect(server.calls).toContain(
      'projects/acme-prod/locations/europe-west2/clusters/prod-1',
    );
  });

  it('answers an unknown cluster with a NotFoundError naming the field', async () => {
    const err = await resolver
      .resolve({
        project: 'acme-prod',
        location: 'europe-west2',
        cluster: 'nope',
      })
      .catch(e => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/^cluster: GKE cluster 'nope' not found/);
  });
});
