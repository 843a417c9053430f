import { spawn } from 'node:child_process';
import { Request, Response } from 'express';
import { LoggerService } from '@backstage/backend-plugin-api';

/** What one request to `git http-backend` needs beyond the HTTP request. */
export interface GitHttpBackendRequest {
  /** Folder holding `<name>.git` (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** `/<name>.git/<git path>` (PATH_INFO). */
  pathInfo: string;
  /** The authenticated principal, for pushes (REMOTE_USER). */
  remoteUser?: string;
  logger: LoggerService;
}

/**
 * Serves one request through git's own CGI program `git http-backend`: the
 * request body is streamed to it, its CGI headers become the response
 * headers and the rest is streamed back. No part of the protocol is
 * implemented here.
 */
export function serveWithGitHttpBackend(
  req: Request,
  res: Response,
  options: GitHttpBackendRequest,
): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: options.pathInfo,
    REQUEST_METHOD: req.method,
    QUERY_STRING: new URL(req.originalUrl, 'http://x').search.replace(
      /^\?/,
      '',
    ),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  if (req.headers['content-length'])
    env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding'])
    env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  if (req.headers['git-protocol'])
    env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  if (options.remoteUser) env.REMOTE_USER = options.remoteUser;

  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';

    child.stderr.on('data', chunk => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0) return;
      const sepLength = end === crlf ? 4 : 2;
      const lines = head.subarray(0, end).toString('latin1').split(/\r?\n/);
      let status = 200;
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = parseInt(value, 10) || 500;
        else res.setHeader(key, value);
      }
      res.status(status);
      headersDone = true;
      const rest = head.subarray(end + sepLength);
      if (rest.length) res.write(rest);
    });
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0) {
        options.logger.warn('git http-backend failed', {
          code: code ?? -1,
          path: options.pathInfo,
          stderr: stderr.slice(0, 500),
        });
      }
      if (!headersDone && !res.headersSent) res.status(500);
      res.end();
      resolve();
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {
      // git stopped reading (e.g. it rejected the request); the response says why.
    });
  });
}
