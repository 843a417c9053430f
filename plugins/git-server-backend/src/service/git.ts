import { execFile } from 'node:child_process';

/** Runs `git` with arguments (never a shell); resolves stdout as a Buffer. */
export function runGit(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const message = stderr.toString('utf8').trim() || error.message;
          reject(Object.assign(new Error(message), { cause: error }));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
