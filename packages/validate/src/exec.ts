import { spawn } from 'node:child_process';

/** Output of one tool run. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a tool without a shell and collects its output; a non-zero exit is a
 * result, not an error (the checks read the tools' diagnostics).
 */
export function execTool(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', d => out.push(d));
    child.stderr.on('data', d => err.push(d));
    child.on('error', reject);
    child.on('close', code =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // A tool that exits without reading its input closes the pipe (EPIPE);
    // its exit code and output are what count.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
