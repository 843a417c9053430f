import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findRepoRoot } from '@drktrc/sops/testUtils';

export { runSops } from '@drktrc/sops/testUtils';

export const repoRoot = findRepoRoot(__dirname);

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
