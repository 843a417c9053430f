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
import { z } from 'zod';
import { FluxTarget, GitopsApi } from './GitopsApi';

/** Talks to `/api/gitops`; every response is checked against the contract's zod schema. */
export class GitopsClient implements GitopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async post<T>(
    path: string,
    body: object,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const res = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
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
