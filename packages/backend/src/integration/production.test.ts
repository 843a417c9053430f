import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import yaml from 'yaml';
import { startTestPostgres, TestPostgres } from './postgres';
import {
  BackendProcess,
  repoRoot,
  startBackendProcess,
} from './backendProcess';
import { findFreePort } from './ports';

jest.setTimeout(300_000);

/**
 * Boots the real backend with app-config.production.yaml (PostgreSQL from
 * env vars) against a real PostgreSQL server and checks it end to end.
 */
describe('production configuration on PostgreSQL', () => {
  let pg: TestPostgres;
  let backend: BackendProcess;
  let tmpDir: string;
  const token = `it-${Math.random().toString(36).slice(2)}`;

  const api = (p: string, init?: RequestInit) =>
    fetch(`${backend.baseUrl}${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init?.headers,
      },
    });

  beforeAll(async () => {
    pg = await startTestPostgres();
    const port = await findFreePort();
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-it-'));
    // Test-only additions: a static token for this test's requests.
    const overrides = path.join(tmpDir, 'app-config.test.yaml');
    fs.writeFileSync(
      overrides,
      yaml.stringify({
        backend: {
          listen: { port, host: '127.0.0.1' },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token, subject: 'integration-test' },
              },
            ],
          },
        },
      }),
    );
    backend = await startBackendProcess({
      port,
      configs: [
        path.join(repoRoot, 'app-config.yaml'),
        path.join(repoRoot, 'app-config.production.yaml'),
        overrides,
      ],
      env: {
        NODE_ENV: 'production',
        APP_BASE_URL: `http://127.0.0.1:${port}`,
        BACKEND_SECRET: 'integration-test-backend-secret',
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
        AUTH_GOOGLE_CLIENT_ID: 'integration-test-client-id',
        AUTH_GOOGLE_CLIENT_SECRET: 'integration-test-client-secret',
        SOPS_GCP_KMS_KEY:
          'projects/drktrc-it/locations/europe-west2/keyRings/sops/cryptoKeys/sops',
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await pg?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('is healthy', async () => {
    const res = await fetch(
      `${backend.baseUrl}/.backstage/health/v1/readiness`,
    );
    expect(res.status).toBe(200);
  });

  it('keeps its state in PostgreSQL', async () => {
    const client = new Client({
      host: pg.host,
      port: pg.port,
      user: pg.user,
      password: pg.password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'backstage_plugin_%'",
      );
      const names = rows.map(r => r.datname);
      expect(names).toEqual(
        expect.arrayContaining([
          'backstage_plugin_catalog',
          'backstage_plugin_scaffolder',
        ]),
      );
    } finally {
      await client.end();
    }
  });

  it('serves the podinfo component from the catalog', async () => {
    let entity: any;
    for (let i = 0; i < 120 && !entity; i++) {
      const res = await api(
        '/api/catalog/entities/by-name/component/default/podinfo',
      );
      if (res.status === 200) {
        entity = await res.json();
      } else {
        await new Promise(r => setTimeout(r, 1000));
      }
    }
    expect(entity?.metadata.annotations['backstage.io/kubernetes-id']).toBe(
      'podinfo',
    );
  });

  it('runs a scaffolder dry-run of the GitOps service template', async () => {
    const templateDir = path.join(repoRoot, 'templates/gitops-service');
    const template = yaml.parse(
      fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
    );
    const directoryContents: Array<{ path: string; base64Content: string }> =
      [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else
          directoryContents.push({
            path: path.relative(templateDir, p),
            base64Content: fs.readFileSync(p).toString('base64'),
          });
      }
    };
    walk(path.join(templateDir, 'skeleton'));
    const example = (file: string) =>
      yaml.parse(
        fs.readFileSync(path.join(templateDir, 'tests/example', file), 'utf8'),
      );
    const secrets: Record<string, string> = example('secrets.yaml');
    const res = await api('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      body: JSON.stringify({
        template,
        values: {
          ...Object.fromEntries(
            Object.keys(secrets).map(k => [k, '*'.repeat(secrets[k].length)]),
          ),
          ...example('values.yaml'),
          name: 'checkout',
        },
        secrets,
        directoryContents,
      }),
    });
    const body = await res.json();
    expect(res.status).toBe(200);
    const catalogInfo = body.directoryContents.find(
      (f: { path: string }) => f.path === 'catalog-info.yaml',
    );
    expect(
      yaml.parse(Buffer.from(catalogInfo.base64Content, 'base64').toString()),
    ).toMatchObject({
      metadata: { name: 'checkout' },
      spec: { owner: 'group:default/developers' },
    });
    // Production config: each environment's KMS key, not the development key.
    const stepIds = body.steps.map((s: { id: string }) => s.id);
    expect(stepIds).toEqual(
      expect.arrayContaining(['check', 'render', 'encrypt-kms', 'validate']),
    );
    const log = JSON.stringify(body.log);
    expect(log).toContain(
      'projects/drktrc-demo/locations/europe-west2/keyRings/checkout-production/cryptoKeys/sops',
    );
    for (const value of Object.values(secrets)) {
      expect(JSON.stringify(body).includes(value)).toBe(false);
    }
  });
});
