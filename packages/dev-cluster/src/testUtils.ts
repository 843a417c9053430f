/** Helpers for this package's tests: raw HTTPS requests that trust the dev cluster CA. */
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DevCluster,
  DevClusterOptions,
  startDevCluster,
} from './startDevCluster';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export function rawRequest(
  cluster: Pick<DevCluster, 'url' | 'caPem'>,
  path: string,
  init: {
    method?: string;
    token?: string | null;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<RawResponse> {
  const url = new URL(path, cluster.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: init.method ?? 'GET',
        ca: cluster.caPem,
        headers: {
          Accept: 'application/json',
          ...(init.token && { Authorization: `Bearer ${init.token}` }),
          ...(init.body !== undefined && {
            'Content-Type': 'application/json',
          }),
          ...init.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
          });
        });
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/**
 * Starts a cluster on a free port in a fresh temp state dir (removed again on
 * close unless the caller passed its own).
 */
export async function startTestCluster(
  options: Partial<DevClusterOptions> = {},
): Promise<DevCluster> {
  const ownDir = options.stateDir
    ? undefined
    : mkdtempSync(join(tmpdir(), 'drktrc-dev-cluster-'));
  const cluster = await startDevCluster({
    stateDir: ownDir ?? options.stateDir!,
    port: 0,
    controllers: { progressDelayMs: 50, reconcileDelayMs: 150 },
    ...options,
  });
  const close = cluster.close;
  return {
    ...cluster,
    close: async () => {
      await close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
