import https from 'node:https';

/** Result of {@link checkConnectivity}. @public */
export type ConnectivityResult =
  | { reachable: true; statusCode: number; gitVersion?: string }
  | { reachable: false; reason: string };

/**
 * Calls `GET <url>/version` trusting only `caPem`, without credentials. Any
 * HTTP answer means reachable (clusters may refuse anonymous requests).
 */
export function checkConnectivity(
  url: string,
  caPem: string,
  timeoutMs = 5000,
): Promise<ConnectivityResult> {
  return new Promise(resolve => {
    const req = https.get(
      `${url}/version`,
      {
        ca: caPem,
        timeout: timeoutMs,
        headers: { accept: 'application/json' },
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          if (body.length < 65536) body += chunk;
        });
        res.on('end', () => {
          let gitVersion: string | undefined;
          try {
            gitVersion = JSON.parse(body).gitVersion;
          } catch {
            gitVersion = undefined;
          }
          resolve({
            reachable: true,
            statusCode: res.statusCode ?? 0,
            gitVersion,
          });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    req.on('error', err => resolve({ reachable: false, reason: err.message }));
  });
}
