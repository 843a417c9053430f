import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCases, runCase } from './testTemplates';

// Starts an in-process scaffolder backend and runs the real validation tools.
jest.setTimeout(300_000);

const FIXTURE = path.join(__dirname, '__fixtures__/flux-app');

describe('template kit', () => {
  const dirs: string[] = [];
  afterAll(() =>
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  it('renders the fixture template like its goldens and validates it', async () => {
    const [c] = findCases(FIXTURE);
    expect(c.name).toBe('default');
    const result = await runCase(c);
    expect(result.error).toBeUndefined();
    expect(result.goldenDiffs).toEqual([]);
    expect(result.report?.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails a case whose own gitops:validate step finds a problem', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-kit-'));
    dirs.push(copy);
    fs.cpSync(FIXTURE, copy, { recursive: true });
    const release = path.join(
      copy,
      'content/apps/base/${{ values.name }}/release.yaml',
    );
    fs.writeFileSync(
      release,
      fs.readFileSync(release, 'utf8').replace('replicaCount:', 'replicaCont:'),
    );
    const [c] = findCases(copy);
    const result = await runCase(c);
    expect(result.ok).toBe(false);
    // In the kit's dry run the template's own validate step only reports
    // (nothing is published); the kit's validation of the result fails it.
    expect(result.error).toBeUndefined();
    expect(result.report?.findings.map(f => f.field)).toEqual([
      'spec.values.replicaCont',
    ]);
  });

  it('reports golden differences with file and line', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-kit-'));
    dirs.push(copy);
    fs.cpSync(FIXTURE, copy, { recursive: true });
    const golden = path.join(
      copy,
      'tests/default/expected/apps/base/shop/hpa.yaml',
    );
    fs.writeFileSync(
      golden,
      fs
        .readFileSync(golden, 'utf8')
        .replace('maxReplicas: 6', 'maxReplicas: 9'),
    );
    const [c] = findCases(copy);
    const result = await runCase(c);
    expect(result.ok).toBe(false);
    expect(result.goldenDiffs).toEqual([
      expect.stringMatching(
        /^apps\/base\/shop\/hpa\.yaml:\d+: expected " {2}maxReplicas: 9", rendered " {2}maxReplicas: 6"$/,
      ),
    ]);
    expect(result.report?.findings).toEqual([]);
  });
});
