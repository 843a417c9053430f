import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { CATALOG_WAIT_ACTION_ID } from '@drktrc/plugin-gitops-common';
import yaml from 'yaml';
import { createCatalogWaitAction } from './catalogWait';

jest.setTimeout(60_000);

describe('gitops:catalog:wait with the real catalog backend', () => {
  let tmp: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let files: http.Server;
  let filesUrl: string;
  const services: { catalog?: CatalogService } = {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-wait-'));
    // Serves the descriptors over HTTP, the way the catalog reads a url
    // location from a git host.
    files = http.createServer((req, res) => {
      const file = path.join(tmp, path.basename(req.url ?? ''));
      if (!fs.existsSync(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>(resolve => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    // Hands the real catalog service to the action under test.
    const harness = createBackendPlugin({
      pluginId: 'harness',
      register(env) {
        env.registerInit({
          deps: { catalog: catalogServiceRef, logger: coreServices.logger },
          async init({ catalog }) {
            services.catalog = catalog;
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        harness,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              reading: { allow: [{ host: new URL(filesUrl).host }] },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              processingInterval: { seconds: 1 },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await new Promise(resolve => files?.close(resolve));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const register = async (name: string) => {
    const file = path.join(tmp, `${name}.yaml`);
    fs.writeFileSync(
      file,
      yaml.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      }),
    );
    const url = `${filesUrl}/${name}.yaml`;
    await services.catalog!.addLocation(
      { type: 'url', target: url },
      { credentials: mockCredentials.service() },
    );
    return url;
  };

  it('has the id from gitops-common', () => {
    expect(createCatalogWaitAction({ catalog: services.catalog! }).id).toBe(
      CATALOG_WAIT_ACTION_ID,
    );
  });

  it('returns once the catalog serves the entity just registered, read as the task user', async () => {
    const action = createCatalogWaitAction({
      catalog: services.catalog!,
      pollIntervalMs: 100,
    });
    const ctx = createMockActionContext({
      input: { entityRef: 'Component:shop' },
    });
    const credentials = mockCredentials.user('user:default/alex');
    ctx.getInitiatorCredentials = async () => credentials;
    const getEntityByRef = jest.spyOn(services.catalog!, 'getEntityByRef');
    // The action starts before the location is even added.
    const waited = action.handler(ctx);
    await register('shop');
    await waited;

    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/shop',
    );
    expect(getEntityByRef).toHaveBeenCalledWith('component:default/shop', {
      credentials,
    });
    getEntityByRef.mockRestore();
    // What the "Open in catalog" link then reads.
    const entity = await services.catalog!.getEntityByRef(
      'component:default/shop',
      { credentials },
    );
    expect(entity?.metadata.name).toBe('shop');
  });

  it('gives up after timeoutSeconds with an error naming the entity, its location and what to check', async () => {
    // A descriptor that names another entity than the one waited for.
    const url = await register('cart');
    const action = createCatalogWaitAction({
      catalog: services.catalog!,
      pollIntervalMs: 200,
    });
    const err = await action
      .handler(
        createMockActionContext({
          input: {
            entityRef: 'component:default/basket',
            catalogInfoUrl: url,
            timeoutSeconds: 1,
          },
        }),
      )
      .catch(e => e);
    expect(err.name).toBe('NotFoundError');
    expect(err.message).toBe(
      `The catalog did not serve component:default/basket within 1 s. Check that the descriptor registered from ${url} is valid and names this kind, namespace and name, that the catalog's rules allow its kind, and the catalog backend log for processing errors of that location; the entity appears once it is processed.`,
    );
  });
});

describe('gitops:catalog:wait input', () => {
  it('refuses an entityRef that is not an entity reference, naming the field', async () => {
    const catalog = catalogServiceMock.mock();
    const action = createCatalogWaitAction({ catalog });
    await expect(
      action.handler(createMockActionContext({ input: { entityRef: 'shop' } })),
    ).rejects.toThrow(
      /^entityRef: 'shop' is not an entity reference \(kind:namespace\/name/,
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('in a dry run does not read the catalog and says so', async () => {
    const catalog = catalogServiceMock.mock();
    // What a dry run passes when the skipped catalog:register's output is
    // the scaffolder's placeholder.
    const ctx = {
      ...createMockActionContext({ input: { entityRef: '<example>' } }),
      isDryRun: true,
    };
    const info = jest.spyOn(ctx.logger, 'info');
    await createCatalogWaitAction({ catalog }).handler(ctx);
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith(
      'Dry run: not waiting for the catalog to serve <example>',
    );
    expect(ctx.output).toHaveBeenCalledWith('entityRef', '<example>');
  });
});
