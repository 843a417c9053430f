/*
 * The repository boundary (scripts/jest/repositoryBoundary.js, loaded for
 * every package through the root package.json `jest.setupFiles`): a test
 * that touches the file system outside the repository fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = resolve(__dirname, '../../..');
const boundary = (fs as any)[Symbol.for('drktrc.repositoryBoundary')] as {
  assertInsideRepository(): void;
};

/** Runs `fn`, expecting the boundary to refuse it, and clears the record. */
function expectRefused(fn: () => unknown, target: string) {
  expect(fn).toThrow(
    expect.objectContaining({
      code: 'EDRKTRCOUTSIDE',
      message: expect.stringContaining(`${target} is outside the repository`),
    }),
  );
  expect(() => boundary.assertInsideRepository()).toThrow(target);
}

describe('repository boundary', () => {
  const sibling = resolve(repoRoot, '..', 'sibling-folder');

  it('is installed in every test', () => {
    expect(typeof boundary?.assertInsideRepository).toBe('function');
  });

  // eslint-disable-next-line jest/expect-expect -- expectRefused asserts
  it('refuses fs access to a sibling folder, however the path is spelled', async () => {
    expectRefused(
      () => fs.readFileSync(join(sibling, 'REFERENCE.md')),
      join(sibling, 'REFERENCE.md'),
    );
    expectRefused(
      () => fs.existsSync(join(repoRoot, '../sibling-folder/fixtures/sops')),
      join(sibling, 'fixtures', 'sops'),
    );
    expectRefused(() => fs.readdirSync(new URL(`file://${sibling}`)), sibling);
    expectRefused(
      () => fs.createReadStream(join(sibling, 'y')),
      join(sibling, 'y'),
    );
  });

  it('rejects fs.promises calls outside, as the real failure would', async () => {
    await expect(fs.promises.readFile(join(sibling, 'x'))).rejects.toThrow(
      `${join(sibling, 'x')} is outside the repository`,
    );
    expect(() => boundary.assertInsideRepository()).toThrow(join(sibling, 'x'));
  });

  // eslint-disable-next-line jest/expect-expect -- expectRefused asserts
  it('refuses child processes that work or read outside', () => {
    expectRefused(
      () => execFileSync('ls', [], { cwd: resolve(repoRoot, '..') }),
      resolve(repoRoot, '..'),
    );
    expectRefused(
      () =>
        execFileSync('cat', ['../sibling-folder/REFERENCE.md'], {
          cwd: repoRoot,
        }),
      join(sibling, 'REFERENCE.md'),
    );
  });

  it('allows the repository, the temp directory and system tools', async () => {
    expect(fs.existsSync(join(repoRoot, 'package.json'))).toBe(true);
    const dir = fs.mkdtempSync(join(tmpdir(), 'drktrc-boundary-'));
    fs.writeFileSync(join(dir, 'f'), 'x');
    expect(fs.readFileSync(join(dir, 'f'), 'utf8')).toBe('x');
    fs.rmSync(dir, { recursive: true });
    expect(
      execFileSync('git', ['rev-parse', '--show-toplevel'], {
        cwd: repoRoot,
      })
        .toString()
        .trim(),
    ).toBe(fs.realpathSync(repoRoot));
    // An absolute URL path is not a file on disk.
    expect(() => execFileSync('echo', ['/api/v1/namespaces'])).not.toThrow();
  });

  it('fails a test that reads outside even when it swallows the error', async () => {
    const cli = require.resolve('@backstage/cli/bin/backstage-cli');
    const run = promisify(execFile)(
      process.execPath,
      [
        cli,
        'package',
        'test',
        '--testMatch',
        '**/__fixtures__/readsOutside.ts',
      ],
      { cwd: resolve(__dirname, '..'), env: { ...process.env, CI: 'true' } },
    );
    const failure = await run.then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      `${join(sibling, 'REFERENCE.md')} is outside the repository`,
    );
    expect(failure?.stderr).toContain('1 failed');
  }, 120_000);
});
