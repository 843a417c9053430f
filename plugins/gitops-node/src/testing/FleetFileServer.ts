import { execFile } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Serves the files of a bare Git repository's branch over HTTP on loopback
 * (`GET /<path>` -> `git show <branch>:<path>`), the way the catalog reads a
 * fleet file from a git host. Stands in for the portal's git server in tests.
 * @public
 */
export class FleetFileServer {
  private constructor(
    private readonly server: http.Server,
    /** `http://127.0.0.1:<port>` */
    readonly baseUrl: string,
  ) {}

  static async start(options: {
    gitDir: string;
    branch?: string;
  }): Promise<FleetFileServer> {
    const branch = options.branch ?? 'main';
    const server = http.createServer((req, res) => {
      const file = decodeURIComponent(
        new URL(req.url ?? '/', 'http://x').pathname,
      ).replace(/^\/+/, '');
      if (req.method !== 'GET' || !file || file.includes('..')) {
        res.statusCode = 404;
        res.end();
        return;
      }
      execFile(
        'git',
        ['--git-dir', options.gitDir, 'show', `${branch}:${file}`],
        (err, stdout) => {
          if (err) {
            res.statusCode = 404;
            res.end('not found');
            return;
          }
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.end(stdout);
        },
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new FleetFileServer(server, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server.close(resolve));
  }
}
