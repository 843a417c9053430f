import { spawn, ChildProcess } from 'node:child_process';
import path from 'node:path';

// Test-only helper that always runs from source, never from a build.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');
const backendDir = path.join(repoRoot, 'packages/backend');

export interface BackendProcess {
  baseUrl: string;
  /** Everything the backend printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Boots the real backend (packages/backend/src/index.ts) in a child process,
 * the way `backstage-cli package start` runs it, with the given config files,
 * and waits until its readiness endpoint answers 200.
 */
export async function startBackendProcess(options: {
  port: number;
  configs: string[];
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<BackendProcess> {
  const args = [
    '--enable-source-maps',
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    'src/index.ts',
    ...options.configs.flatMap(c => ['--config', c]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: backendDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...options.env,
      // jest sets NODE_OPTIONS for its own VM modules; the backend needs none.
      NODE_OPTIONS: '',
    },
  });
  let output = '';
  child.stdout?.on('data', c => {
    output += c.toString();
  });
  child.stderr?.on('data', c => {
    output += c.toString();
  });

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `backend exited with ${child.exitCode} before it was ready:\n${output}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (output.includes('Backend startup failed') || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backend did not become ready:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }

  return {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
