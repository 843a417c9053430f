import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const BIN = resolve(__dirname, '../../bin/drktrc');

describe('drktrc dev-cluster', () => {
  it('starts, prints the kubeconfig path and URL, serves kubectl, and stops on SIGTERM', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'drktrc-cli-dev-cluster-'));
    const child = spawn(
      process.execPath,
      [BIN, 'dev-cluster', '--port', '0', '--state-dir', stateDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stderr.on('data', chunk => {
      errors += chunk;
    });
    const exited = new Promise<number | null>(r =>
      child.on('exit', code => r(code)),
    );
    try {
      await new Promise<void>((resolvePromise, reject) => {
        child.stdout.on('data', chunk => {
          output += chunk;
          if (output.includes('\ntry: ')) resolvePromise();
        });
        exited.then(code =>
          reject(new Error(`exited ${code}: ${output}${errors}`)),
        );
      });
      expect(output).toMatch(
        /^dev-cluster listening on https:\/\/127\.0\.0\.1:\d+ \(\d+ objects\)$/m,
      );
      expect(output).toContain(`kubeconfig: ${join(stateDir, 'kubeconfig')}\n`);
      expect(output).toContain(
        `backstage config: ${join(stateDir, 'app-config.kubernetes.yaml')}\n`,
      );
      const { stdout } = await execFileAsync('kubectl', [
        '--kubeconfig',
        join(stateDir, 'kubeconfig'),
        '--cache-dir',
        join(stateDir, 'kubectl-cache'),
        'get',
        'deployments',
        '-A',
        '-l',
        'backstage.io/kubernetes-id=podinfo',
        '-o',
        'name',
      ]);
      expect(stdout.trim().split('\n')).toEqual([
        'deployment.apps/podinfo',
        'deployment.apps/podinfo',
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('dev-cluster stopped\n');
  }, 60_000);
});
