import { useApi } from '@backstage/core-plugin-api';
import { EntityStatusResponse } from '@drktrc/plugin-gitops-common';
import { useCallback } from 'react';
import { gitopsApiRef } from '../api';
import { usePolling } from './usePolling';

/** Refresh every 30 s, every 2 s while a Flux object progresses or a reconcile request is pending. */
export const SLOW_REFRESH_MS = 30_000;
export const FAST_REFRESH_MS = 2_000;

export function isBusy(status: EntityStatusResponse | undefined): boolean {
  return (
    status?.clusters.some(c =>
      [...c.kustomizations, ...c.helmReleases, ...c.sources].some(
        o => o.status.state === 'Progressing' || o.reconcile.pending,
      ),
    ) ?? false
  );
}

export function useEntityGitopsStatus(entityRef: string) {
  const api = useApi(gitopsApiRef);
  const load = useCallback(
    () => api.getEntityStatus(entityRef),
    [api, entityRef],
  );
  return usePolling(load, value =>
    isBusy(value) ? FAST_REFRESH_MS : SLOW_REFRESH_MS,
  );
}
