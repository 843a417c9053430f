import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function findRepoRoot(from: string): string {
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

export const repoRoot = findRepoRoot(__dirname);

/** Runs the real sops CLI; fails (never skips) when it is missing. */
export function runSops(
  args: string[],
  env: Record<string, string>,
): Promise<Buffer> {
  const bin = process.env.SOPS_BIN || path.join(repoRoot, '.tools/bin/sops');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `The real sops CLI was not found at ${bin}: run scripts/ensure-sops.sh (or set SOPS_BIN)`,
    );
  }
  return new Promise((resolve, reject) =>
    execFile(
      bin,
      args,
      { env: { ...process.env, ...env }, encoding: 'buffer' },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`sops failed: ${stderr.toString()}`))
          : resolve(stdout),
    ),
  );
}

export function tmpDir(prefix = 'sops-action-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under a folder, relative path -> content. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A logger that records everything it is given. */
export function capturingLogger() {
  const lines: string[] = [];
  const logger: any = {};
  for (const level of ['info', 'warn', 'error', 'debug']) {
    logger[level] = (message: string, meta?: unknown) =>
      lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  }
  logger.child = () => logger;
  return { logger, lines };
}
