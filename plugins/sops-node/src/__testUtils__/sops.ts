import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The monorepo root (the folder whose package.json declares workspaces). */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No monorepo root above ${from}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot();
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/sops');

/** The real sops CLI; fails (never skips) when it is missing. */
export function sopsBin(): string {
  const bin = process.env.SOPS_BIN || path.join(repoRoot, '.tools/bin/sops');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `The real sops CLI was not found at ${bin}: run scripts/ensure-sops.sh (or set SOPS_BIN)`,
    );
  }
  return bin;
}

/** Runs the real sops asynchronously (a fake KMS in this process must keep serving). */
export function runSops(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      sopsBin(),
      args,
      {
        env: {
          ...process.env,
          SOPS_AGE_KEY_FILE: undefined,
          SOPS_AGE_KEY: undefined,
          ...env,
        },
        encoding: 'buffer',
        maxBuffer: 64 << 20,
        cwd,
      },
      (err, stdout, stderr) =>
        err
          ? reject(
              new Error(`sops ${args.join(' ')} failed: ${stderr.toString()}`),
            )
          : resolve(stdout),
    );
  });
}

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
