/**
 * Talks to the Kubernetes plugin's own HTTP API on behalf of the caller, so
 * that its cluster locators, auth strategies, permissions and audit apply:
 * there is no second cluster configuration.
 */
import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterError,
  KubernetesCustomResource,
  KubernetesRequestAuth,
} from '@drktrc/plugin-gitops-common';

export interface KubernetesClusterInfo {
  name: string;
  title?: string;
  authProvider?: string;
}

export interface KubernetesQueryItem {
  cluster: { name: string; title?: string };
  resources: { type: string; resources: unknown[] }[];
  errors: ClusterError[];
}

export type ProxyResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number; error: ClusterError };

export interface ProxyRequest {
  cluster: string;
  method: 'GET' | 'PATCH';
  /** Kubernetes API path with query, e.g. `/apis/x/v1/things?labelSelector=a`. */
  path: string;
  mergePatch?: object;
  auth?: KubernetesRequestAuth;
}

const KUBERNETES_PLUGIN_ID = 'kubernetes';

/** The Kubernetes plugin's error type for an HTTP status, as its own responses use them. */
export function errorTypeForStatus(status: number): string {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHORIZED_ERROR';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'SYSTEM_ERROR';
  return 'UNKNOWN_ERROR';
}

function errorMessage(body: unknown): string | undefined {
  const b = body as {
    message?: unknown;
    error?: { message?: unknown; cause?: { message?: unknown } };
  };
  if (typeof b?.error?.message === 'string') {
    const cause = b.error.cause?.message;
    return typeof cause === 'string' && !b.error.message.includes(cause)
      ? `${b.error.message}: ${cause}`
      : b.error.message;
  }
  return typeof b?.message === 'string' ? b.message : undefined;
}

export class KubernetesBackendClient {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  private async fetch(
    credentials: BackstageCredentials,
    path: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl(KUBERNETES_PLUGIN_ID);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: KUBERNETES_PLUGIN_ID,
    });
    return fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...init.headers, Authorization: `Bearer ${token}` },
    });
  }

  /** `GET /clusters`: every cluster the Kubernetes plugin's locators know. */
  async getClusters(
    credentials: BackstageCredentials,
  ): Promise<KubernetesClusterInfo[]> {
    const res = await this.fetch(credentials, '/clusters', { method: 'GET' });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as { items: KubernetesClusterInfo[] };
    return body.items.map(c => ({
      name: c.name,
      title: c.title,
      authProvider: c.authProvider,
    }));
  }

  /** `POST /resources/custom/query`: the entity's objects of these kinds on every cluster, errors as data. */
  async queryCustomResources(
    credentials: BackstageCredentials,
    request: {
      entityRef: string;
      customResources: KubernetesCustomResource[];
      auth?: KubernetesRequestAuth;
    },
  ): Promise<KubernetesQueryItem[]> {
    const res = await this.fetch(credentials, '/resources/custom/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        entityRef: request.entityRef,
        customResources: request.customResources,
        auth: request.auth ?? {},
      }),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as { items: KubernetesQueryItem[] };
    return body.items;
  }

  /**
   * A request through the Kubernetes plugin's proxy to one cluster. Failures
   * of the cluster (unreachable, 404, 403 ...) come back as data.
   */
  async proxy(
    credentials: BackstageCredentials,
    request: ProxyRequest,
  ): Promise<ProxyResult> {
    const headers: Record<string, string> = {
      'Backstage-Kubernetes-Cluster': request.cluster,
      Accept: 'application/json',
    };
    for (const [provider, value] of Object.entries(request.auth ?? {})) {
      if (typeof value === 'string') {
        headers[`Backstage-Kubernetes-Authorization-${provider}`] = value;
      }
    }
    if (request.mergePatch) {
      headers['Content-Type'] = 'application/merge-patch+json';
    }
    const resourcePath = request.path.split('?')[0];
    let res: Response;
    try {
      res = await this.fetch(credentials, `/proxy${request.path}`, {
        method: request.method,
        headers,
        body: request.mergePatch
          ? JSON.stringify(request.mergePatch)
          : undefined,
      });
    } catch (e) {
      return {
        ok: false,
        status: 0,
        error: { errorType: 'FETCH_ERROR', message: String(e), resourcePath },
      };
    }
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (res.ok) return { ok: true, status: res.status, body };
    // The proxy answers 500 with a serialized error when it cannot reach the cluster.
    const proxyFailed =
      res.status === 500 &&
      typeof (body as { error?: unknown })?.error === 'object';
    return {
      ok: false,
      status: res.status,
      error: {
        errorType: proxyFailed ? 'FETCH_ERROR' : errorTypeForStatus(res.status),
        statusCode: proxyFailed ? undefined : res.status,
        resourcePath,
        message: errorMessage(body) ?? `${res.status} ${res.statusText}`,
      },
    };
  }
}
