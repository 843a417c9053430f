import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  FleetResponse,
  FluxObjectTarget,
  ReconcileResponse,
  SuspendResponse,
} from '@drktrc/plugin-gitops-common';

/** A Flux object to act on (without per-request cluster auth; the client adds it). */
export type FluxTarget = Omit<FluxObjectTarget, 'auth'>;

/** The gitops backend: status per entity and for the fleet, Flux actions. */
export interface GitopsApi {
  getEntityStatus(entityRef: string): Promise<EntityStatusResponse>;
  getFleet(): Promise<FleetResponse>;
  reconcile(target: FluxTarget): Promise<ReconcileResponse>;
  setSuspended(target: FluxTarget, suspend: boolean): Promise<SuspendResponse>;
}

export const gitopsApiRef = createApiRef<GitopsApi>({
  id: 'plugin.gitops.service',
});
