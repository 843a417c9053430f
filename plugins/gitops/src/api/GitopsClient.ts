import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityStatusResponse,
  entityStatusResponseSchema,
  FleetResponse,
  fleetResponseSchema,
  ReconcileResponse,
  reconcileResponseSchema,
  SuspendResponse,
  suspendResponseSchema,
} from '@drktrc/plugin-gitops-common';
import type {
  KubernetesApi,
  KubernetesAuthProvidersApi,
} from '@backstage/plugin-kubernetes-react';
import { z } from 'zod';
import { FluxTarget, GitopsApi } from './GitopsApi';

export interface GitopsClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  /**
   * The Kubernetes plugin's APIs: with them, clusters whose auth provider
   * needs the user's own token (`google`, `oidc.*`, ...) get it, as the
   * Kubernetes plugin's own requests do. Without them only server-side
   * credentials (service accounts) work.
   */
  kubernetesApi?: Pick<KubernetesApi, 'getClusters'>;
  kubernetesAuthProvidersApi?: Pick<
    KubernetesAuthProvidersApi,
    'decorateRequestBodyForAuth'
  >;
}

/** Talks to `/api/gitops`; every response is checked against the contract's zod schema. */
export class GitopsClient implements GitopsApi {
  private readonly options: GitopsClientOptions;

  constructor(options: GitopsClientOptions) {
    this.options = options;
  }

  /** The user's tokens for every auth provider the clusters use (`{}` for service accounts). */
  private async clusterAuth(): Promise<Record<string, unknown> | undefined> {
    const { kubernetesApi, kubernetesAuthProvidersApi } = this.options;
    if (!kubernetesApi || !kubernetesAuthProvidersApi) return undefined;
    const clusters = await kubernetesApi.getClusters();
    const providers = new Set(
      clusters.map(c =>
        c.authProvider === 'oidc'
          ? `oidc.${c.oidcTokenProvider}`
          : c.authProvider,
      ),
    );
    let body: Parameters<
      KubernetesAuthProvidersApi['decorateRequestBodyForAuth']
    >[1] = {
      entity: { apiVersion: '', kind: '', metadata: { name: '' } },
      auth: {},
    };
    for (const provider of providers) {
      body = await kubernetesAuthProvidersApi.decorateRequestBodyForAuth(
        provider,
        body,
      );
    }
    return Object.keys(body.auth ?? {}).length ? body.auth : undefined;
  }

  private async post<T>(
    path: string,
    body: object,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const { discoveryApi, fetchApi } = this.options;
    const baseUrl = await discoveryApi.getBaseUrl('gitops');
    const auth = await this.clusterAuth();
    const res = await fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(auth ? { ...body, auth } : body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `Unexpected response from ${path}: ${issue.path.join('.')}: ${
          issue.message
        }`,
      );
    }
    return parsed.data;
  }

  getEntityStatus(entityRef: string): Promise<EntityStatusResponse> {
    return this.post(
      '/entity-status',
      { entityRef },
      entityStatusResponseSchema,
    );
  }

  getFleet(): Promise<FleetResponse> {
    return this.post('/fleet', {}, fleetResponseSchema);
  }

  reconcile(target: FluxTarget): Promise<ReconcileResponse> {
    return this.post('/reconcile', target, reconcileResponseSchema);
  }

  setSuspended(target: FluxTarget, suspend: boolean): Promise<SuspendResponse> {
    return this.post('/suspend', { ...target, suspend }, suspendResponseSchema);
  }
}
