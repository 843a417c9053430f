import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { parse, stringify } from 'yaml';
import {
  FakeGkeServer,
  FleetFileServer,
} from '@drktrc/plugin-gitops-node/testing';
import { repoRoot } from './devCluster';

/** The dev cluster's kubeconfig: its server URL and CA, when it has run. */
function devClusterEndpoint(dir: string) {
  const file = join(dir, 'kubeconfig');
  if (!existsSync(file)) return undefined;
  const cluster = parse(readFileSync(file, 'utf8')).clusters?.[0]?.cluster;
  if (!cluster?.server) return undefined;
  return {
    endpoint: new URL(cluster.server).host,
    caPem: Buffer.from(
      cluster['certificate-authority-data'],
      'base64',
    ).toString('utf8'),
  };
}

export function registerDevFleetCommand(program: Command) {
  program
    .command('dev-fleet')
    .description(
      'Development stand-ins for cluster registration: a local fleet repository (bare git), a file server the catalog reads it through, and a fake GKE API; writes a Backstage config fragment',
    )
    .option(
      '--state-dir <dir>',
      'where fleet.git and app-config.fleet.yaml go (default <repo>/.drktrc/fleet)',
    )
    .option(
      '--dev-cluster-dir <dir>',
      'the dev cluster state folder; its cluster is known to the fake GKE API as drktrc-dev/local/dev-cluster (default <repo>/.drktrc/dev-cluster)',
    )
    .action(async (opts: { stateDir?: string; devClusterDir?: string }) => {
      const cwd = process.env.INIT_CWD ?? process.cwd();
      const root = repoRoot();
      const stateDir = opts.stateDir
        ? resolve(cwd, opts.stateDir)
        : join(root, '.drktrc', 'fleet');
      const devClusterDir = opts.devClusterDir
        ? resolve(cwd, opts.devClusterDir)
        : join(root, '.drktrc', 'dev-cluster');
      mkdirSync(stateDir, { recursive: true });
      const gitDir = join(stateDir, 'fleet.git');
      if (!existsSync(gitDir)) {
        execFileSync('git', ['init', '-q', '--bare', '-b', 'main', gitDir]);
      }
      const files = await FleetFileServer.start({ gitDir });
      const gke = await FakeGkeServer.start();
      const dev = devClusterEndpoint(devClusterDir);
      if (dev) {
        gke.addCluster({
          project: 'drktrc-dev',
          location: 'local',
          name: 'dev-cluster',
          ...dev,
        });
      }
      const appConfigPath = join(stateDir, 'app-config.fleet.yaml');
      rmSync(appConfigPath, { force: true });
      writeFileSync(
        appConfigPath,
        `# Written by \`yarn drktrc dev-fleet\`; regenerated on every start.\n${stringify(
          {
            backend: {
              reading: { allow: [{ host: new URL(files.baseUrl).host }] },
            },
            gitops: {
              fleet: { repoUrl: gitDir, catalogBaseUrl: files.baseUrl },
              gke: { endpoint: gke.endpoint },
            },
          },
        )}`,
      );
      process.stdout.write(
        [
          `fleet repository: ${gitDir} (read by the catalog at ${files.baseUrl})`,
          `fake GKE API: ${gke.endpoint}${
            dev ? ' (knows drktrc-dev/local/dev-cluster)' : ''
          }`,
          `backstage config: ${appConfigPath}`,
          '',
        ].join('\n'),
      );
      await new Promise<void>(resolvePromise => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolvePromise();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await Promise.all([files.stop(), gke.stop()]);
    });
}
