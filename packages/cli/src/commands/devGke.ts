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
import { lazyImport } from '../lazyImport';
import { repoRoot, untilStopped } from './devCluster';

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

export function registerDevGkeCommand(program: Command) {
  program
    .command('dev-gke')
    .description(
      "Development stand-in for cluster registration: a fake GKE API (gRPC on loopback) that knows the dev cluster; writes a Backstage config fragment pointing gitops.gke.endpoint at it. The fleet repository is the portal git server's own.",
    )
    .option(
      '--state-dir <dir>',
      'where app-config.gke.yaml goes (default <repo>/.drktrc/gke)',
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
        : join(root, '.drktrc', 'gke');
      const devClusterDir = opts.devClusterDir
        ? resolve(cwd, opts.devClusterDir)
        : join(root, '.drktrc', 'dev-cluster');
      mkdirSync(stateDir, { recursive: true });
      const { FakeGkeServer } = await lazyImport(
        () => import('@drktrc/plugin-gitops-node/testing'),
      );
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
      const appConfigPath = join(stateDir, 'app-config.gke.yaml');
      rmSync(appConfigPath, { force: true });
      writeFileSync(
        appConfigPath,
        `# Written by \`yarn drktrc dev-gke\`; regenerated on every start.\n${stringify(
          { gitops: { gke: { endpoint: gke.endpoint } } },
        )}`,
      );
      process.stdout.write(
        [
          `fake GKE API: ${gke.endpoint}${
            dev ? ' (knows drktrc-dev/local/dev-cluster)' : ''
          }`,
          `backstage config: ${appConfigPath}`,
          '',
        ].join('\n'),
      );
      await untilStopped();
      await gke.stop();
    });
}
