import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { startDevCluster } from '@drktrc/dev-cluster';
import { GkeClusterResolver } from '@drktrc/plugin-gitops-node';

const BIN = resolve(__dirname, '../../bin/drktrc');

// Starts the CLI (TypeScript sources) as a child process on a shared machine.
jest.setTimeout(60_000);

describe('drktrc dev-gke', () => {
  it('serves a fake GKE API that knows the dev cluster and writes its config fragment', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'drktrc-cli-dev-gke-'));
    const cluster = await startDevCluster({
      stateDir: join(tmp, 'dev-cluster'),
      port: 0,
      controllers: false,
    });
    const stateDir = join(tmp, 'gke');
    const child = spawn(
      process.execPath,
      [
        BIN,
        'dev-gke',
        '--state-dir',
        stateDir,
        '--dev-cluster-dir',
        join(tmp, 'dev-cluster'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const exited = new Promise<number | null>(r =>
      child.on('exit', code => r(code)),
    );
    let resolver: GkeClusterResolver | undefined;
    try {
      await new Promise<void>((resolvePromise, reject) => {
        child.stdout.on('data', chunk => {
          output += chunk;
          if (output.includes('backstage config: ')) resolvePromise();
        });
        exited.then(code => reject(new Error(`exited ${code}: ${output}`)));
      });
      const fragment = parse(
        readFileSync(join(stateDir, 'app-config.gke.yaml'), 'utf8'),
      );
      // Only the GKE endpoint: the fleet repository is the git server's.
      expect(Object.keys(fragment)).toEqual(['gitops']);
      expect(Object.keys(fragment.gitops)).toEqual(['gke']);

      resolver = new GkeClusterResolver({
        endpoint: fragment.gitops.gke.endpoint,
      });
      await expect(
        resolver.resolve({
          project: 'drktrc-dev',
          location: 'local',
          cluster: 'dev-cluster',
        }),
      ).resolves.toEqual({ url: cluster.url, caPem: cluster.caPem });
    } finally {
      await resolver?.close();
      child.kill('SIGTERM');
      await exited;
      await cluster.close();
    }
  });
});
