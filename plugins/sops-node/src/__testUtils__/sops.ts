import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findRepoRoot } from '../testing/realSops';

export { findRepoRoot, runSops, sopsBin } from '../testing/realSops';

export const repoRoot = findRepoRoot();
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/sops');

export function tmpDir(prefix = 'sops-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function fixture(rel: string): Buffer {
  return fs.readFileSync(path.join(fixturesDir, rel));
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
