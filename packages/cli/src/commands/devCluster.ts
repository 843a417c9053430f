import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_PORT, startDevCluster } from '@drktrc/dev-cluster';

const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  }
  return n;
};

/** The repository root (the directory holding backstage.json). */

/** Resolves on the first SIGINT or SIGTERM (for commands that serve until stopped). */
export function untilStopped(): Promise<void> {
  return new Promise<void>(resolvePromise => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function repoRoot(): string {
  let dir = process.env.DRKTRC_ROOT ?? process.env.INIT_CWD ?? process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'backstage.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

interface DevClusterCommandOptions {
  port: number;
  components: number;
  latency: number;
  state?: string;
  stateDir?: string;
  reconcileDelay: number;
}

export function registerDevClusterCommand(program: Command) {
  program
    .command('dev-cluster')
    .description(
      'Run a local Kubernetes API server (TLS, bearer token) seeded with the podinfo demo; writes a kubeconfig and a Backstage config fragment',
    )
    .option(
      '--port <port>',
      `port on 127.0.0.1 (0 picks a free one)`,
      integer('--port'),
      DEFAULT_PORT,
    )
    .option(
      '--components <n>',
      'extra components with varied states, for scale tests',
      integer('--components'),
      0,
    )
    .option(
      '--latency <ms>',
      'delay added to every API response',
      integer('--latency'),
      0,
    )
    .option(
      '--state <file>',
      'JSON file objects are loaded from (if present) and saved to on exit',
    )
    .option(
      '--state-dir <dir>',
      'where kubeconfig, ca.crt, token and app-config.kubernetes.yaml go (default <repo>/.drktrc/dev-cluster)',
    )
    .option(
      '--reconcile-delay <ms>',
      'how long a Flux reconcile request takes to be handled',
      integer('--reconcile-delay'),
      3000,
    )
    .action(async (opts: DevClusterCommandOptions) => {
      const stateDir = opts.stateDir
        ? resolve(process.env.INIT_CWD ?? process.cwd(), opts.stateDir)
        : join(repoRoot(), '.drktrc', 'dev-cluster');
      const cluster = await startDevCluster({
        stateDir,
        port: opts.port,
        components: opts.components,
        latencyMs: opts.latency,
        // `yarn drktrc` runs from the repo root; relative paths mean the caller's directory.
        stateFile:
          opts.state &&
          resolve(process.env.INIT_CWD ?? process.cwd(), opts.state),
        controllers: {
          reconcileDelayMs: opts.reconcileDelay,
          progressDelayMs: Math.floor(opts.reconcileDelay / 3),
        },
      });
      process.stdout.write(
        [
          `dev-cluster listening on ${cluster.url} (${cluster.store.size} objects)`,
          `kubeconfig: ${cluster.kubeconfigPath}`,
          `backstage config: ${cluster.appConfigPath}`,
          `try: kubectl --kubeconfig ${cluster.kubeconfigPath} get hpa,helmreleases,kustomizations,certificates -A -l backstage.io/kubernetes-id=podinfo`,
          '',
        ].join('\n'),
      );
      await untilStopped();
      await cluster.close();
      process.stdout.write('dev-cluster stopped\n');
    });
}
