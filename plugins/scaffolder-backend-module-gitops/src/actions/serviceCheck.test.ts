import { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServiceCheckAction } from './serviceCheck';
import { exampleValues } from './serviceCheck.examples';

const action = createServiceCheckAction({ githubConfigured: false });
type Context = Parameters<typeof action.handler>[0];

const check = async (values: Record<string, unknown>) => {
  const ctx = createMockActionContext({
    input: { values } as unknown as JsonObject,
  }) as unknown as Context;
  await action.handler(ctx);
  return ctx.output;
};

describe('gitops:service:check', () => {
  it('outputs one plan per environment with its cluster, domain and hosts', async () => {
    const output = await check({
      ...exampleValues,
      environments: ['staging', 'production'],
      clusters: [
        exampleValues.clusters[0],
        {
          ...exampleValues.clusters[0],
          environment: 'production',
          name: 'shop-prod',
        },
      ],
    });
    expect(output).toHaveBeenCalledWith('environments', [
      expect.objectContaining({
        name: 'staging',
        index: 0,
        domain: 'staging.shop.example.com',
        hostnames: ['staging.shop.example.com', 'api.staging.shop.example.com'],
        cluster: expect.objectContaining({ name: 'checkout-staging' }),
      }),
      expect.objectContaining({
        name: 'production',
        index: 1,
        domain: 'shop.example.com',
        hostnames: ['shop.example.com', 'api.shop.example.com'],
        cluster: expect.objectContaining({ name: 'shop-prod' }),
      }),
    ]);
  });

  const cluster = exampleValues.clusters[0];
  it.each([
    [{ name: '../etc' }, "name must not contain '../'"],
    [{ name: 'Checkout' }, "name 'Checkout' is not valid (example: checkout)"],
    [{ name: 'a'.repeat(64) }, 'name is longer than 63 characters'],
    [
      { name: 'check\nout' },
      'name must not contain a newline or control character',
    ],
    [
      { description: 'say "hi"' },
      'description must not contain a double quote',
    ],
    [{ description: 'cost ${x}' }, "description must not contain '${'"],
    [{ description: '{{ values.x }}' }, "description must not contain '{{'"],
    [{ description: '{% raw %}' }, "description must not contain '{%'"],
    [
      { clusters: [{ ...cluster, authorizedNetworks: ['10.0.0.0/33'] }] },
      'clusters[0].authorizedNetworks[0] is not an IPv4 CIDR',
    ],
    [
      { clusters: [{ ...cluster, authorizedNetworks: ['300.0.0.0/8'] }] },
      'clusters[0].authorizedNetworks[0] is not an IPv4 CIDR',
    ],
    [
      { region: 'europe-west99' },
      "region 'europe-west99' is not a Google Cloud region",
    ],
    [
      { environments: ['staging', 'staging'] },
      "environments[1] 'staging' is a duplicate environment",
    ],
    [
      { clusters: [cluster, cluster] },
      "clusters[1].environment 'staging' is a duplicate environment",
    ],
    [
      { clusters: [{ ...cluster, environment: 'prod' }] },
      "clusters[0].environment 'prod' is not in environments",
    ],
    [
      { clusters: [{ ...cluster, minNodesPerZone: 5, maxNodesPerZone: 2 }] },
      'clusters[0].minNodesPerZone must not be greater than maxNodesPerZone',
    ],
    [
      { minReplicas: 5, maxReplicas: 2 },
      'minReplicas must not be greater than maxReplicas',
    ],
    [{ hosts: ['api', 'api'] }, 'hosts must not repeat a host'],
  ])('refuses %j naming the field', async (override, message) => {
    await expect(check({ ...exampleValues, ...override })).rejects.toThrow(
      message,
    );
  });

  it('refuses publishing to GitHub when no GitHub integration is configured', async () => {
    await expect(
      check({ ...exampleValues, publishTo: 'github' }),
    ).rejects.toThrow(
      "publishTo is 'github' but no GitHub integration with credentials is configured",
    );
    const ctx = createMockActionContext({
      input: {
        values: { ...exampleValues, publishTo: 'github' },
      } as unknown as JsonObject,
    }) as unknown as Context;
    await createServiceCheckAction({ githubConfigured: true }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('environments', expect.any(Array));
  });

  it('never echoes a newline back into its message', async () => {
    await expect(check({ ...exampleValues, name: 'a\nb' })).rejects.toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('a\nb') }),
    );
  });
});
