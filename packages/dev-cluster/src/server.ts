/** The HTTP handler: auth, discovery, OpenAPI, and CRUD/list/watch on every registered kind. */
import { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  KUBERNETES_VERSION,
  openApiV3Document,
  openApiV3Index,
} from './discovery';
import { KubeApiError, StatusCause } from './errors';
import { applyPatchBody, patchTypeOf } from './patch';
import {
  apiVersionOf,
  findResource,
  KubeObject,
  ResourceKind,
} from './registry';
import { Matcher, parseFieldSelector, parseLabelSelector } from './selectors';
import { podLog } from './routes/podLog';
import { readJson, readObject, sendError, sendJson } from './routes/http';
import { ObjectStore, StoreEvent } from './store';
import { assertValid } from './validation';
import { IncludeObject, tableRow, toTable, columnDefinitions } from './table';

export interface HandlerOptions {
  store: ObjectStore;
  token: string;
  /** `host:port` reported in `/api`. */
  serverAddress: () => string;
  /** Delay added before every response, in milliseconds. */
  latencyMs?: number;
  /** Aborted when the server closes: ends watches and pending delays. */
  signal: AbortSignal;
}

interface Target {
  resource: ResourceKind;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: 'status' | 'log';
}

/** Parses a path below `/api/v1` or `/apis/<group>/<version>`. */
function parseTarget(group: string, version: string, rest: string[]): Target {
  const noSuchPath = KubeApiError.noSuchPath;
  let namespace: string | undefined;
  let segs = rest;
  if (
    segs[0] === 'namespaces' &&
    segs.length >= 3 &&
    findResource(group, version, segs[2])?.namespaced
  ) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const resource = findResource(group, version, segs[0]);
  if (!resource || segs.length > 3) throw noSuchPath();
  if (resource.namespaced === false && namespace !== undefined)
    throw noSuchPath();
  const sub = segs[2];
  const isStatus = sub === 'status' && resource.statusSubresource;
  const isLog = sub === 'log' && resource.kind === 'Pod';
  if (segs.length === 3 && !isStatus && !isLog) throw noSuchPath();
  let subresource: Target['subresource'];
  if (isStatus) subresource = 'status';
  if (isLog) subresource = 'log';
  return {
    resource,
    version,
    namespace,
    name: segs[1],
    subresource,
  };
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

function includeObjectOf(params: URLSearchParams): IncludeObject {
  const v = params.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Continue tokens: the key of the last returned item, base64 JSON. */
function encodeContinue(key: string, rv: number): string {
  return Buffer.from(JSON.stringify({ k: key, rv })).toString('base64url');
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed.k !== 'string') throw new Error('no key');
    return parsed.k;
  } catch {
    throw KubeApiError.badRequest(
      'continue key is not valid: illegal base64 data at input byte 0',
    );
  }
}

/** The request's `labelSelector` and `fieldSelector` as one matcher. */
function selectorOf(t: Target, params: URLSearchParams): Matcher {
  const matchLabels = parseLabelSelector(
    params.get('labelSelector') ?? undefined,
  );
  const matchFields = parseFieldSelector(
    params.get('fieldSelector') ?? undefined,
    t.resource.kind,
  );
  return o => matchLabels(o) && matchFields(o);
}

function parseLimit(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw KubeApiError.badRequest(`invalid limit: ${value}`);
  }
  return n === 0 ? undefined : n;
}

/** The object as seen through the requested version. */
const asVersion = (t: Target, obj: KubeObject): KubeObject =>
  obj.apiVersion === apiVersionOf(t.resource.group, t.version)
    ? obj
    : { ...obj, apiVersion: apiVersionOf(t.resource.group, t.version) };

export function createHandler(options: HandlerOptions) {
  const { store, signal } = options;
  const expectedToken = Buffer.from(`Bearer ${options.token}`);

  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return (
      given.length === expectedToken.length &&
      timingSafeEqual(given, expectedToken)
    );
  };

  const list = (
    req: IncomingMessage,
    res: ServerResponse,
    t: Target,
    params: URLSearchParams,
  ) => {
    const selected = selectorOf(t, params);
    const limit = parseLimit(params.get('limit'));
    const cont = params.get('continue');
    const startAfter = cont ? decodeContinue(cont) : undefined;
    const rv = store.currentResourceVersion;
    const items: KubeObject[] = [];
    let lastKey: string | undefined;
    let remaining = 0;
    for (const { key, object } of store.list(t.resource, t.namespace)) {
      if (startAfter !== undefined && key <= startAfter) continue;
      if (!selected(object)) continue;
      if (limit !== undefined && items.length >= limit) {
        remaining++;
        continue;
      }
      items.push(asVersion(t, object));
      lastKey = key;
    }
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (remaining > 0 && lastKey !== undefined) {
      metadata.continue = encodeContinue(lastKey, rv);
      metadata.remainingItemCount = remaining;
    }
    if (wantsTable(req)) {
      sendJson(
        res,
        200,
        toTable(t.resource, items, metadata, includeObjectOf(params)),
      );
      return;
    }
    sendJson(res, 200, {
      kind: `${t.resource.kind}List`,
      apiVersion: apiVersionOf(t.resource.group, t.version),
      metadata,
      items,
    });
  };

  const watch = (
    req: IncomingMessage,
    res: ServerResponse,
    t: Target,
    params: URLSearchParams,
  ) => {
    const selected = selectorOf(t, params);
    const fromParam = params.get('resourceVersion');
    const fromRv =
      fromParam && fromParam !== '0' ? Number(fromParam) : undefined;
    if (fromRv !== undefined && !Number.isInteger(fromRv)) {
      throw KubeApiError.badRequest(`invalid resource version: ${fromParam}`);
    }
    const table = wantsTable(req);
    const include = includeObjectOf(params);
    const bookmarks = ['true', '1'].includes(
      params.get('allowWatchBookmarks') ?? '',
    );
    const initialEvents = params.get('sendInitialEvents') === 'true';
    const matches = (o: KubeObject | undefined) =>
      !!o &&
      (t.namespace === undefined || o.metadata.namespace === t.namespace) &&
      (t.name === undefined || o.metadata.name === t.name) &&
      selected(o);

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    let first = true;
    const write = (type: string, obj: unknown) => {
      let object = obj;
      if (
        table &&
        (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
      ) {
        const o = obj as KubeObject;
        object = {
          kind: 'Table',
          apiVersion: 'meta.k8s.io/v1',
          metadata: { resourceVersion: o.metadata.resourceVersion },
          columnDefinitions: first ? columnDefinitions(t.resource) : null,
          rows: [tableRow(t.resource, o, include)],
        };
        first = false;
      }
      res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const send = (e: StoreEvent) => {
      if (e.resource !== t.resource) return;
      const now = matches(e.object);
      const before = e.type === 'MODIFIED' && matches(e.previous);
      if (e.type === 'MODIFIED') {
        if (now && !before) write('ADDED', asVersion(t, e.object));
        else if (now) write('MODIFIED', asVersion(t, e.object));
        else if (before) write('DELETED', asVersion(t, e.object));
      } else if (now) {
        write(e.type, asVersion(t, e.object));
      }
    };
    const bookmark = (annotations?: Record<string, string>) =>
      write('BOOKMARK', {
        kind: t.resource.kind,
        apiVersion: apiVersionOf(t.resource.group, t.version),
        metadata: {
          resourceVersion: String(store.currentResourceVersion),
          ...(annotations && { annotations }),
        },
      });

    if (fromRv === undefined) {
      for (const { object } of store.list(t.resource, t.namespace)) {
        if (matches(object)) write('ADDED', asVersion(t, object));
      }
      if (initialEvents && bookmarks) {
        bookmark({ 'k8s.io/initial-events-end': 'true' });
      }
    } else {
      const past = store.eventsSince(fromRv);
      if (!past) {
        write(
          'ERROR',
          new KubeApiError(
            410,
            'Expired',
            `too old resource version: ${fromRv} (${store.currentResourceVersion})`,
          ).toStatus(),
        );
        res.end();
        return;
      }
      past.forEach(send);
    }
    const unsubscribe = store.subscribe(send);
    let timeout: NodeJS.Timeout | undefined;
    let bookmarkTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      unsubscribe();
      if (timeout) clearTimeout(timeout);
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      signal.removeEventListener('abort', finish);
      if (!res.writableEnded) res.end();
    };
    const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 0);
    if (timeoutSeconds > 0) timeout = setTimeout(finish, timeoutSeconds * 1000);
    if (bookmarks) bookmarkTimer = setInterval(() => bookmark(), 60_000);
    signal.addEventListener('abort', finish);
    req.on('close', finish);
    res.on('close', finish);
  };

  const create = async (
    req: IncomingMessage,
    res: ServerResponse,
    t: Target,
  ) => {
    const body = await readObject(req);
    const expected = apiVersionOf(t.resource.group, t.version);
    if (body.kind !== undefined && body.kind !== t.resource.kind) {
      throw KubeApiError.badRequest(
        `the kind in the data (${body.kind}) does not match the expected kind (${t.resource.kind})`,
      );
    }
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      throw KubeApiError.badRequest(
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    const metadata = { ...(body.metadata ?? {}) } as KubeObject['metadata'];
    if (!metadata.name && typeof metadata.generateName === 'string') {
      metadata.name = `${metadata.generateName}${randomBytes(4)
        .toString('hex')
        .slice(0, 5)}`;
    }
    if (t.resource.namespaced) {
      if (metadata.namespace && metadata.namespace !== t.namespace) {
        throw KubeApiError.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      if (!t.namespace) throw KubeApiError.methodNotAllowed();
      metadata.namespace = t.namespace;
    }
    const obj = { ...body, metadata } as KubeObject;
    assertValid(t.resource, obj);
    delete obj.metadata.resourceVersion;
    delete obj.metadata.uid;
    sendJson(res, 201, asVersion(t, store.create(t.resource, obj)));
  };

  /** Applies the main/status split: each side keeps only its own part. */
  const merged = (
    t: Target,
    current: KubeObject,
    next: KubeObject,
  ): KubeObject => {
    if (t.subresource === 'status') {
      return { ...current, status: next.status };
    }
    if (t.resource.statusSubresource) {
      const { status: _ignored, ...rest } = next;
      return current.status === undefined
        ? (rest as KubeObject)
        : ({ ...rest, status: current.status } as KubeObject);
    }
    return next;
  };

  const checkIdentity = (t: Target, current: KubeObject, next: KubeObject) => {
    const invalid = (cause: StatusCause) =>
      KubeApiError.invalid(
        t.resource.kind,
        t.resource.group,
        current.metadata.name,
        [cause],
      );
    if (!next.metadata || typeof next.metadata !== 'object') {
      throw invalid({
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'metadata',
      });
    }
    if (next.metadata.name !== current.metadata.name) {
      throw invalid({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${next.metadata.name}": field is immutable`,
        field: 'metadata.name',
      });
    }
    if (
      t.resource.namespaced &&
      next.metadata.namespace !== current.metadata.namespace
    ) {
      throw KubeApiError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  };

  /**
   * Checks and stores a patched or replacing object. A patch keeps the current
   * resourceVersion unless it sets one, so there only a changed one is a
   * precondition.
   */
  const update = (
    res: ServerResponse,
    t: Target,
    current: KubeObject,
    next: KubeObject,
    isPatch: boolean,
  ) => {
    checkIdentity(t, current, next);
    assertValid(t.resource, next);
    const rv = next.metadata.resourceVersion;
    const expected =
      isPatch && rv === current.metadata.resourceVersion ? undefined : rv;
    sendJson(
      res,
      200,
      asVersion(
        t,
        store.update(t.resource, merged(t, current, next), expected),
      ),
    );
  };

  const patch = async (
    req: IncomingMessage,
    res: ServerResponse,
    t: Target,
  ) => {
    const type = patchTypeOf(req.headers['content-type']);
    const body = await readJson(req);
    const current = store.mustGet(t.resource, t.namespace, t.name!);
    const patched = applyPatchBody(asVersion(t, current), type, body);
    update(res, t, current, patched, true);
  };

  const replace = async (
    req: IncomingMessage,
    res: ServerResponse,
    t: Target,
  ) => {
    const body = await readObject(req);
    const current = store.mustGet(t.resource, t.namespace, t.name!);
    if (
      body.metadata &&
      t.resource.namespaced &&
      body.metadata.namespace === undefined
    ) {
      body.metadata.namespace = t.namespace;
    }
    update(res, t, current, body, false);
  };

  const resourceRequest = async (
    req: IncomingMessage,
    res: ServerResponse,
    t: Target,
    params: URLSearchParams,
  ) => {
    const method = req.method ?? 'GET';
    const isWatch = ['1', 'true'].includes(params.get('watch') ?? '');
    if (t.name === undefined) {
      if (method === 'GET' && isWatch) return watch(req, res, t, params);
      if (method === 'GET') return list(req, res, t, params);
      if (method === 'POST') return create(req, res, t);
    } else if (t.subresource === 'log') {
      if (method === 'GET')
        return podLog(
          res,
          store.mustGet(t.resource, t.namespace, t.name!),
          params,
        );
    } else {
      if (method === 'GET' && isWatch) {
        return watch(req, res, t, params);
      }
      if (method === 'GET') {
        const obj = asVersion(
          t,
          store.mustGet(t.resource, t.namespace, t.name),
        );
        if (wantsTable(req)) {
          return sendJson(
            res,
            200,
            toTable(
              t.resource,
              [obj],
              { resourceVersion: obj.metadata.resourceVersion },
              includeObjectOf(params),
            ),
          );
        }
        return sendJson(res, 200, obj);
      }
      if (method === 'PATCH') return patch(req, res, t);
      if (method === 'PUT') return replace(req, res, t);
      if (method === 'DELETE' && !t.subresource) {
        const deleted = store.delete(t.resource, t.namespace, t.name);
        return sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: t.name,
            group: t.resource.group,
            kind: t.resource.plural,
            uid: deleted.metadata.uid,
          },
        });
      }
    }
    throw KubeApiError.methodNotAllowed();
  };

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const params = url.searchParams;
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path === '/version') {
      sendJson(res, 200, KUBERNETES_VERSION);
      return;
    }
    if (!authorized(req)) throw KubeApiError.unauthorized();

    let segs: string[];
    try {
      segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw KubeApiError.badRequest(`invalid URL escape in path ${path}`);
    }
    if (req.method === 'GET') {
      if (path === '/api') {
        sendJson(res, 200, apiVersions(options.serverAddress()));
        return;
      }
      if (path === '/api/v1') {
        sendJson(res, 200, apiResourceList('', 'v1'));
        return;
      }
      if (path === '/apis') {
        sendJson(res, 200, apiGroupList());
        return;
      }
      if (segs[0] === 'apis' && segs.length === 2) {
        const doc = apiGroup(segs[1]);
        if (doc) {
          sendJson(res, 200, doc);
          return;
        }
        throw KubeApiError.noSuchPath();
      }
      if (segs[0] === 'apis' && segs.length === 3) {
        const doc = apiResourceList(segs[1], segs[2]);
        if (doc) {
          sendJson(res, 200, doc);
          return;
        }
        throw KubeApiError.noSuchPath();
      }
      if (path === '/openapi/v3') {
        sendJson(res, 200, openApiV3Index());
        return;
      }
      if (segs[0] === 'openapi' && segs[1] === 'v3') {
        const doc = openApiV3Document(segs.slice(2).join('/'));
        if (doc) {
          sendJson(res, 200, doc);
          return;
        }
        throw KubeApiError.noSuchPath();
      }
    }
    if (segs[0] === 'api' && segs[1] === 'v1' && segs.length > 2) {
      await resourceRequest(
        req,
        res,
        parseTarget('', 'v1', segs.slice(2)),
        params,
      );
      return;
    }
    if (segs[0] === 'apis' && segs.length > 3) {
      await resourceRequest(
        req,
        res,
        parseTarget(segs[1], segs[2], segs.slice(3)),
        params,
      );
      return;
    }
    throw KubeApiError.noSuchPath();
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (options.latencyMs) {
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, options.latencyMs);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
      await route(req, res);
    } catch (e) {
      if (e instanceof KubeApiError) {
        sendError(res, e);
      } else {
        sendError(
          res,
          new KubeApiError(
            500,
            'InternalError',
            `Internal error occurred: ${(e as Error)?.message ?? String(e)}`,
          ),
        );
      }
    }
  };
}
