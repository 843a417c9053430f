/** HTTP plumbing of the API server: JSON responses, Status errors, request bodies. */
import { IncomingMessage, ServerResponse } from 'node:http';
import { KubeApiError } from '../errors';
import { KubeObject } from '../registry';

const MAX_BODY = 3 * 1024 * 1024;

export function sendJson(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: KubeApiError) {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, error.code, error.toStatus());
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(
          new KubeApiError(
            413,
            'RequestEntityTooLarge',
            'Request entity too large: limit is 3145728',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const mediaType = (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (
    req.method !== 'PATCH' &&
    !['application/json', '*/*', ''].includes(mediaType)
  ) {
    throw new KubeApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json`,
    );
  }
  const text = await readBody(req);
  if (!text.trim()) {
    throw KubeApiError.badRequest('the body of the request was empty');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw KubeApiError.badRequest(
      `couldn't get version/kind; json parse error: ${(e as Error).message}`,
    );
  }
}

/** A body that must be an object (create and replace). */
export async function readObject(req: IncomingMessage): Promise<KubeObject> {
  const body = await readJson(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw KubeApiError.badRequest(
      "Object 'Kind' is missing in the request body",
    );
  }
  return body as KubeObject;
}
