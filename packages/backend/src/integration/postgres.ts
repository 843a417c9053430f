import { execFile, spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './ports';

const execFileAsync = promisify(execFile);

/** Finds the directory holding Debian's PostgreSQL server binaries. */
export function findPostgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter(v => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql; install Debian\'s "postgresql" package (./scripts/test does)',
    );
  }
  return path.join(base, versions[0], 'bin');
}

export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * Starts a throw-away PostgreSQL server in a temp dir on a free loopback
 * port, with password (SCRAM) authentication. PostgreSQL refuses to run as
 * root, so as root the server runs as the `postgres` system user.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = findPostgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-pg-'));
  const dataDir = path.join(dir, 'data');
  const pwFile = path.join(dir, 'pw');
  const user = 'backstage';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(pwFile, password);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    await execFileAsync('chown', ['-R', 'postgres:postgres', dir]);
  }
  const run = (bin: string, args: string[]) =>
    asRoot
      ? {
          cmd: 'runuser',
          args: ['-u', 'postgres', '--', path.join(binDir, bin), ...args],
        }
      : { cmd: path.join(binDir, bin), args };

  const initdb = run('initdb', [
    '-D',
    dataDir,
    '-U',
    user,
    '--pwfile',
    pwFile,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  await execFileAsync(initdb.cmd, initdb.args);

  const port = await findFreePort();
  const server = run('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ]);
  const child: ChildProcess = spawn(server.cmd, server.args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', chunk => {
    log += chunk.toString();
  });

  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(
        new Error(`postgres exited with ${code} before it was ready:\n${log}`),
      );
    child.once('exit', onExit);
    const timer = setInterval(() => {
      if (log.includes('database system is ready to accept connections')) {
        clearInterval(timer);
        child.off('exit', onExit);
        resolve();
      }
    }, 100);
  });

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        // Signal the postmaster itself (runuser does not forward signals);
        // SIGINT is PostgreSQL's fast shutdown.
        const pid = Number(
          fs
            .readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8')
            .split('\n')[0],
        );
        process.kill(pid, 'SIGINT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
