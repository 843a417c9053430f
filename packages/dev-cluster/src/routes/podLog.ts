/** `pods/<name>/log`: a few deterministic podinfo-style JSON log lines (no streaming). */
import { ServerResponse } from 'node:http';
import { KubeApiError } from '../errors';
import { KubeObject } from '../registry';

export function podLog(
  res: ServerResponse,
  pod: KubeObject,
  params: URLSearchParams,
) {
  const containers =
    (pod.spec as { containers?: { name: string; image?: string }[] })
      ?.containers ?? [];
  const name = params.get('container') ?? containers[0]?.name;
  const container = containers.find(c => c.name === name);
  if (!container) {
    throw KubeApiError.badRequest(
      `container ${name} is not valid for pod ${pod.metadata.name}`,
    );
  }
  const started = Date.parse(
    String(
      (pod.status as { startTime?: string })?.startTime ??
        pod.metadata.creationTimestamp,
    ),
  );
  const version = container.image?.split(':')[1] ?? 'latest';
  const lines = [
    {
      level: 'info',
      caller: 'podinfo/main.go:153',
      msg: 'Starting podinfo',
      version,
    },
    {
      level: 'info',
      caller: 'api/server.go:343',
      msg: 'Starting HTTP Server.',
      addr: ':9898',
    },
    {
      level: 'info',
      caller: 'api/server.go:290',
      msg: 'Starting gRPC Server.',
      addr: ':9999',
    },
    ...Array.from({ length: 20 }, (_, i) => ({
      level: i % 9 === 8 ? 'warn' : 'info',
      caller: 'http/logging.go:35',
      msg: i % 9 === 8 ? 'slow request' : 'request completed',
      method: 'GET',
      path: i % 3 === 0 ? '/readyz' : '/api/info',
      status: 200,
    })),
  ].map((line, i) =>
    JSON.stringify({
      ts: new Date(started + i * 15_000).toISOString(),
      ...line,
    }),
  );
  const tail = Number(params.get('tailLines') ?? 0);
  const body = `${(tail > 0 ? lines.slice(-tail) : lines).join('\n')}\n`;
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
