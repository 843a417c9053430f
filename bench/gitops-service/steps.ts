/**
 * The template's steps run one by one, each timed: the same actions the
 * scaffolder runs (fetch:template, gitops:service:check, sops:encrypt,
 * gitops:validate, publish:portal) with a plain action context, then the
 * catalog reading catalog-info.yaml back through the UrlReader.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { AgeKeySource, KeySourceRegistry } from '@drktrc/sops';
import { createSopsEncryptAction } from '@drktrc/plugin-scaffolder-backend-module-sops';
import {
  createValidateAction,
  createPublishPortalAction,
  createServiceCheckAction,
} from '../../plugins/scaffolder-backend-module-gitops/src';
import {
  PortalBackend,
  templateDir,
} from '../../plugins/scaffolder-backend-module-gitops/src/__testUtils__/portalBackend';

type AnyAction = { handler(ctx: any): Promise<void> };

const quietLogger = mockServices.rootLogger({ level: 'none' });

async function runAction(
  action: AnyAction,
  input: Record<string, unknown>,
  workspacePath: string,
  secrets: Record<string, string> = {},
) {
  const output: Record<string, any> = {};
  await action.handler({
    input,
    workspacePath,
    secrets,
    logger: quietLogger,
    output: (k: string, v: unknown) => {
      output[k] = v;
    },
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/alex'),
    createTemporaryDirectory: async () =>
      fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tmp-')),
    templateInfo: {
      baseUrl: `file://${templateDir}/template.yaml`,
      entityRef: 'template:default/gitops-service',
    },
    user: {
      ref: 'user:default/alex',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'alex' },
        spec: {
          profile: { displayName: 'Alex Developer', email: 'alex@example.com' },
        },
      },
    },
    isDryRun: false,
    signal: new AbortController().signal,
  });
  return output;
}

/** Milliseconds per step for one scaffold of `values`. */
export async function timeSteps(
  portal: PortalBackend,
  values: Record<string, any>,
  secrets: Record<string, string>,
  run: number,
): Promise<Record<string, number>> {
  const config = new ConfigReader({
    backend: {
      baseUrl: portal.baseUrl,
      listen: { port: Number(new URL(portal.baseUrl).port) },
    },
  });
  const fetchTemplate = createFetchTemplateAction({
    reader: undefined as any, // file: templates are copied, never read by URL
    integrations: ScmIntegrations.fromConfig(config),
  });
  const recipient = /public key: (age1[a-z0-9]+)/.exec(
    fs.readFileSync(portal.ageKeyFile, 'utf8'),
  )![1];
  const encrypt = createSopsEncryptAction({
    keySources: new KeySourceRegistry([new AgeKeySource()]),
    defaultKeys: [{ type: 'age', id: recipient }],
  });
  const publish = createPublishPortalAction({
    auth: mockServices.auth(),
    discovery: HostDiscovery.fromConfig(config),
  });

  const name = `${values.name}-s${run}`;
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ws-'));
  const times: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await fn();
    times[step] = Math.round(performance.now() - t0 + (times[step] ?? 0));
    return result;
  };

  const { environments } = await timed('check', () =>
    runAction(
      createServiceCheckAction({ githubConfigured: false }),
      { values: { ...values, name } },
      ws,
    ),
  );
  const reserved = await timed('reserve', () =>
    runAction(publish, { repoName: name, checkOnly: true }, ws),
  );
  const renderValues = {
    ...values,
    name,
    repoUrl: reserved.repoContentsUrl,
    cloneUrl: reserved.remoteUrl,
  };
  await timed('render', () =>
    runAction(
      fetchTemplate,
      {
        url: './skeleton/repository',
        values: renderValues,
        copyWithoutTemplating: ['.github/workflows/*'],
      },
      ws,
    ),
  );
  for (const env of environments) {
    await timed('render-environments', () =>
      runAction(
        fetchTemplate,
        {
          url: './skeleton/environment',
          values: {
            ...renderValues,
            env: env.name,
            envIndex: env.index,
            cluster: env.cluster,
            domain: env.domain,
            hostnames: env.hostnames,
          },
        },
        ws,
      ),
    );
  }
  for (const env of environments) {
    await timed('encrypt', () =>
      runAction(
        encrypt,
        {
          files: [
            {
              path: `apps/${env.name}/secrets.yaml`,
              secrets: {
                'stringData.redis-password': 'redisPassword',
                'stringData.app-secret': 'appSecretValue',
              },
            },
          ],
          encryptedRegex: '^(data|stringData)$',
        },
        ws,
        secrets,
      ),
    );
  }
  await timed('sops-config', () =>
    runAction(
      fetchTemplate,
      { url: './skeleton/sops', values: renderValues },
      ws,
    ),
  );
  await timed('validate', () =>
    runAction(createValidateAction(), { path: '.' }, ws),
  );
  const published = await timed('publish', () =>
    runAction(publish, { repoName: name, gitCommitMessage: 'bench' }, ws),
  );
  await timed('register', () =>
    portal.catalog.addLocation({
      type: 'url',
      target: published.catalogInfoUrl,
    }),
  );
  fs.rmSync(ws, { recursive: true, force: true });
  return times;
}
