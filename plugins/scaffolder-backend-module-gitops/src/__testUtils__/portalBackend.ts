import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AddLocationRequest,
  AddLocationResponse,
} from '@backstage/catalog-client';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import gitServerPlugin, {
  GitServerUrlReader,
} from '@drktrc/plugin-git-server-backend';
import { ensureAgeIdentityFile } from '@drktrc/sops';
import { findRepoRoot } from '@drktrc/sops/testUtils';
import yaml from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleSops from '@drktrc/plugin-scaffolder-backend-module-sops';
import scaffolderModuleGitops from '../index';

export const repoRoot = findRepoRoot(__dirname);
export const templateDir = path.join(repoRoot, 'templates/gitops-service');
export const USER_REF = 'user:default/alex';

/** The template entity as the catalog would hold it (read from its file). */
export function templateEntity(): Entity {
  const file = path.join(templateDir, 'template.yaml');
  const entity = yaml.parse(fs.readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
}

const userEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alex', namespace: 'default' },
  spec: {
    profile: { displayName: 'Alex Developer', email: 'alex@example.com' },
    memberOf: ['developers'],
  },
};

/**
 * The catalog as the scaffolder sees it: the template and the user from
 * memory; `addLocation` (catalog:register) reads the registered URL through
 * the git server's UrlReader, as the real catalog does, and parses it.
 */
class RegisteringCatalog extends InMemoryCatalogClient {
  readonly registered: Entity[] = [];
  constructor(
    entities: Entity[],
    private readonly backendBaseUrl: () => Promise<string>,
  ) {
    super({ entities });
  }
  /** Registered entities are served at once, as if already processed. */
  async getEntityByRef(
    entityRef: string | CompoundEntityRef,
  ): Promise<Entity | undefined> {
    const ref = stringifyEntityRef(
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef,
    );
    return (
      this.registered.find(e => stringifyEntityRef(e) === ref) ??
      super.getEntityByRef(entityRef)
    );
  }

  async addLocation(
    location: AddLocationRequest,
  ): Promise<AddLocationResponse> {
    const reader = UrlReaders.default({
      config: new ConfigReader({
        backend: { baseUrl: await this.backendBaseUrl() },
      }),
      logger: mockServices.rootLogger({ level: 'none' }),
      factories: [GitServerUrlReader.factory],
    });
    const file = await reader.readUrl(location.target);
    const entity = yaml.parse((await file.buffer()).toString('utf8')) as Entity;
    entity.metadata.namespace ??= 'default';
    this.registered.push(entity);
    return {
      location: {
        id: 'l1',
        type: location.type ?? 'url',
        target: location.target,
        entityRef: `location:default/${entity.metadata.name}`,
      },
      entities: [entity],
      exists: false,
    };
  }
}

export interface PortalBackend {
  baseUrl: string;
  gitRoot: string;
  ageKeyFile: string;
  catalog: RegisteringCatalog;
  runTask(options: {
    values: Record<string, unknown>;
    secrets: Record<string, string>;
  }): Promise<TaskResult>;
  createTask(options: {
    values: Record<string, unknown>;
    secrets: Record<string, string>;
  }): Promise<Response>;
  cleanup(): void;
}

export interface TaskResult {
  id: string;
  status: string;
  output: Record<string, unknown>;
  /** Every event of the task (logs and completion), as JSON text. */
  log: string;
}

/**
 * A real backend: the scaffolder, our scaffolder modules (sops:encrypt with
 * a fresh age key, gitops actions) and the git server, on a loopback port.
 */
export async function startPortalBackend(
  options: {
    features?: Parameters<typeof startTestBackend>[0]['features'];
  } = {},
): Promise<PortalBackend> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-template-'));
  const gitRoot = path.join(tmp, 'git');
  const ageKeyFile = path.join(tmp, 'age-key.txt');
  const { recipient } = await ensureAgeIdentityFile(ageKeyFile);
  let baseUrl = '';
  const catalog = new RegisteringCatalog(
    [templateEntity(), userEntity],
    async () => baseUrl,
  );
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleSops,
      scaffolderModuleGitops,
      gitServerPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        // The in-memory client answers the CatalogService calls the
        // scaffolder makes (its options argument carries credentials).
        factory: () => catalog as unknown as CatalogService,
      }),
      mockServices.rootConfig.factory({
        data: {
          gitServer: { root: gitRoot },
          sops: { defaultKeys: { age: [recipient] } },
          scaffolder: {},
        },
      }),
      ...(options.features ?? []),
    ],
  });
  baseUrl = `http://localhost:${backend.server.port()}`;
  const token = mockCredentials.user.token(USER_REF);
  const api = `${baseUrl}/api/scaffolder/v2/tasks`;

  // As the form's Secret field does: the value goes to `secrets`, the
  // parameter holds a mask of the same length.
  const createTask: PortalBackend['createTask'] = ({ values, secrets }) =>
    fetch(api, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        templateRef: stringifyEntityRef(templateEntity()),
        values: {
          ...Object.fromEntries(
            Object.entries(secrets).map(([k, v]) => [k, '*'.repeat(v.length)]),
          ),
          ...values,
        },
        secrets,
      }),
    });

  const runTask: PortalBackend['runTask'] = async request => {
    const res = await createTask(request);
    if (res.status !== 201) {
      throw new Error(`Task not created (${res.status}): ${await res.text()}`);
    }
    const { id } = (await res.json()) as { id: string };
    const headers = { Authorization: `Bearer ${token}` };
    for (;;) {
      const polled = (await (
        await fetch(`${api}/${id}`, { headers })
      ).json()) as {
        status: string;
      };
      if (['completed', 'failed', 'cancelled'].includes(polled.status)) break;
      await new Promise(r => setTimeout(r, 200));
    }
    const finished = (await (
      await fetch(`${api}/${id}`, { headers })
    ).json()) as { status: string };
    const events = await (
      await fetch(`${api}/${id}/events`, { headers })
    ).text();
    const completion = (
      JSON.parse(events) as Array<{
        type: string;
        body: { output?: Record<string, unknown> };
      }>
    ).find(e => e.type === 'completion');
    return {
      id,
      status: finished.status,
      output: completion?.body.output ?? {},
      log: events,
    };
  };

  return {
    baseUrl,
    gitRoot,
    ageKeyFile,
    catalog,
    runTask,
    createTask,
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

/** Runs a program (no shell); resolves stdout, rejects with stderr. */
export function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${file} ${args.join(' ')}: ${stderr}`))
          : resolve(stdout),
    );
  });
}

/** Every file under a folder (relative paths), skipping `.git`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
