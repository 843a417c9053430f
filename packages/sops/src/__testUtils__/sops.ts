import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findRepoRoot } from '../testUtils/realSops';

export { findRepoRoot, runSops, sopsBin } from '../testUtils/realSops';

export const repoRoot = findRepoRoot();
/**
 * Third-party files written by the real sops CLI, with the public test keys
 * that open them. `scripts/ensure-fixtures.sh` (run by `./scripts/test`)
 * fetches them from the Go module proxy at pinned, checksummed versions.
 */
export const fixturesDir = path.resolve(repoRoot, '.tools/fixtures/sops');

export function tmpDir(prefix = 'sops-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function fixture(rel: string): Buffer {
  return fs.readFileSync(fixturePath(rel));
}

/** The path of a fixture file; a clear error when set-up has not run. */
export function fixturePath(rel: string): string {
  if (!fs.existsSync(fixturesDir)) {
    throw new Error(
      `SOPS fixtures missing in ${fixturesDir}: run scripts/ensure-fixtures.sh (./scripts/test runs it)`,
    );
  }
  return path.join(fixturesDir, rel);
}

/** A GNUPGHOME with the given armored private keys imported. */
export function gpgHomeWith(keyFiles: string[]): Promise<string> {
  const home = tmpDir('sops-gpg-');
  fs.chmodSync(home, 0o700);
  return keyFiles.reduce(
    (p, file) =>
      p.then(
        () =>
          new Promise<string>((resolve, reject) =>
            execFile(
              'gpg',
              ['--batch', '--quiet', '--import', file],
              { env: { ...process.env, GNUPGHOME: home } },
              err => (err ? reject(err) : resolve(home)),
            ),
          ),
      ),
    Promise.resolve(home),
  );
}

/** Stops the gpg-agent of a GNUPGHOME made by {@link gpgHomeWith} and removes it. */
export function removeGpgHome(home: string): Promise<void> {
  return new Promise(resolve =>
    execFile(
      'gpgconf',
      ['--kill', 'all'],
      { env: { ...process.env, GNUPGHOME: home } },
      () => {
        fs.rmSync(home, { recursive: true, force: true });
        resolve();
      },
    ),
  );
}
