import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { startDevCluster } from '@drktrc/dev-cluster';
import { GkeClusterResolver } from '@drktrc/plugin-gitops-node';

const BIN = resolve(__dirname, '../../bin/drktrc');

describe('drktrc dev-fleet', () => {
  it('serves the fleet repository to the catalog and a fake GKE API that knows the dev cluster', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'drktrc-cli-dev-fleet-'));
    const cluster = await startDevCluster({
      stateDir: join(tmp, 'dev-cluster'),
      port: 0,
      controllers: false,
    });
    const stateDir = join(tmp, 'fleet');
    const child = spawn(
      process.execPath,
      [
        BIN,
        'dev-fleet',
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
        readFileSync(join(stateDir, 'app-config.fleet.yaml'), 'utf8'),
      );
      const { repoUrl, catalogBaseUrl } = fragment.gitops.fleet;
      expect(repoUrl).toBe(join(stateDir, 'fleet.git'));
      expect(fragment.backend.reading.allow).toEqual([
        { host: new URL(catalogBaseUrl).host },
      ]);

      // A file pushed to the fleet repository is served where the catalog reads it.
      const work = join(tmp, 'work');
      execFileSync('git', ['clone', '-q', repoUrl, work]);
      writeFileSync(join(work, 'hello.yaml'), 'kind: Test\n');
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', work, ...args], {
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 't',
            GIT_AUTHOR_EMAIL: 't@example.com',
            GIT_COMMITTER_NAME: 't',
            GIT_COMMITTER_EMAIL: 't@example.com',
          },
        });
      git('add', 'hello.yaml');
      git('commit', '-q', '-m', 'hello');
      git('push', '-q', 'origin', 'HEAD:main');
      const res = await fetch(`${catalogBaseUrl}/hello.yaml`);
      expect(await res.text()).toBe('kind: Test\n');
      expect((await fetch(`${catalogBaseUrl}/missing.yaml`)).status).toBe(404);

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
