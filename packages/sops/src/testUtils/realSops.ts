import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The monorepo root (the folder whose package.json declares workspaces).
 * Test helper: it runs from the sources, so `__dirname` is inside the repo.
 */
// eslint-disable-next-line no-restricted-syntax
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

/** The real sops CLI; fails (never skips) when it is missing. */
export function sopsBin(): string {
  const bin =
    process.env.SOPS_BIN || path.join(findRepoRoot(), '.tools/bin/sops');
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
