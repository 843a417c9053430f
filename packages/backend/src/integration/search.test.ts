import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  BackendProcess,
  repoRoot,
  startBackendProcess,
} from './backendProcess';
import { findFreePort } from './ports';

jest.setTimeout(300_000);

/**
 * A fresh development portal (app-config.yaml: SQLite, so the in-memory
 * search engine) answers TechDocs search before any docs were built.
 */
describe('search on a fresh development portal', () => {
  let backend: BackendProcess;
  let tmpDir: string;
  const token = `it-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    const port = await findFreePort();
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-search-'));
    // Test-only additions: this test's port and token; state in tmpDir.
    const overrides = path.join(tmpDir, 'app-config.test.yaml');
    fs.writeFileSync(
      overrides,
      yaml.stringify({
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
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
        gitServer: { root: path.join(tmpDir, 'git') },
        sops: { developmentAgeKeyFile: path.join(tmpDir, 'age-key.txt') },
      }),
    );
    backend = await startBackendProcess({
      port,
      configs: [path.join(repoRoot, 'app-config.yaml'), overrides],
      env: { NODE_ENV: 'development' },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  const search = (query: string) =>
    fetch(`${backend.baseUrl}/api/search/query?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('answers a TechDocs search with 200 before any docs were built', async () => {
    const res = await search(
      'term=podinfo&types%5B0%5D=techdocs&filters%5Bkind%5D=Component',
    );
    const body = await res.json();
    expect(body.error?.message).toBeUndefined();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ results: [] });
  });

  it('still searches the catalog once its collator has run', async () => {
    let names: string[] = [];
    for (let i = 0; i < 120 && !names.includes('podinfo'); i++) {
      const res = await search('term=podinfo&types%5B0%5D=software-catalog');
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        results: { document: { title: string } }[];
      };
      names = body.results.map(r => r.document.title);
      if (!names.includes('podinfo'))
        await new Promise(r => setTimeout(r, 1000));
    }
    expect(names).toContain('podinfo');
  });
});
