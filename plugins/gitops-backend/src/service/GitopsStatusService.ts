/**
 * Builds the entity and fleet views from what the Kubernetes plugin returns.
 */
import {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildClusterStatus,
  CertificateThresholds,
  ClusterError,
  ClusterRef,
  EntityStatusResponse,
  FleetComponent,
  FleetResponse,
  GitopsResourceKind,
  gitopsStatusKinds,
  KUBERNETES_ID_LABEL,
  KubernetesRequestAuth,
  summarizeClusterStatus,
  worstHealth,
} from '@drktrc/plugin-gitops-common';
import { createHash } from 'node:crypto';
import {
  KubernetesBackendClient,
  KubernetesQueryItem,
} from './KubernetesBackendClient';

export interface GitopsStatusServiceOptions {
  kubernetes: KubernetesBackendClient;
  catalog: CatalogService;
  cache: CacheService;
  thresholds: CertificateThresholds;
  /** How long per-cluster, per-kind fleet lists are cached. */
  fleetCacheTtlMs: number;
  now?: () => Date;
}

type KindList = { items: unknown[] } | { error: ClusterError };

const apiPath = (kind: GitopsResourceKind, version: string) =>
  `/apis/${kind.group}/${version}/${kind.plural}`;

const ENTITY_ANNOTATION = `metadata.annotations.${KUBERNETES_ID_LABEL}`;

export class GitopsStatusService {
  private readonly options: GitopsStatusServiceOptions;
  private readonly now: () => Date;

  constructor(options: GitopsStatusServiceOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One entity on every cluster: one custom-resource query for every kind
   * (preferred versions), then one more for kinds a cluster only serves in
   * an older version.
   */
  async entityStatus(request: {
    entityRef: string;
    auth?: KubernetesRequestAuth;
    credentials: BackstageCredentials;
  }): Promise<EntityStatusResponse> {
    const { kubernetes } = this.options;
    const query = (
      versionIndex: number,
      kinds: readonly GitopsResourceKind[],
    ) =>
      kubernetes.queryCustomResources(request.credentials, {
        entityRef: request.entityRef,
        auth: request.auth,
        customResources: kinds.map(k => ({
          group: k.group,
          apiVersion: k.versions[versionIndex],
          plural: k.plural,
        })),
      });

    const items = await query(0, gitopsStatusKinds);
    // Kinds some cluster does not serve in the preferred version.
    const notServed = (
      item: KubernetesQueryItem,
      kind: GitopsResourceKind,
      v: string,
    ) =>
      item.errors.some(
        e => e.errorType === 'NOT_FOUND' && e.resourcePath === apiPath(kind, v),
      );
    const retry = gitopsStatusKinds.filter(
      k =>
        k.versions.length > 1 &&
        items.some(i => notServed(i, k, k.versions[0])),
    );
    if (retry.length > 0) {
      const older = await query(1, retry);
      for (const item of items) {
        const again = older.find(o => o.cluster.name === item.cluster.name);
        if (!again) continue;
        const replaced = retry.filter(k => notServed(item, k, k.versions[0]));
        const paths = new Set(replaced.map(k => apiPath(k, k.versions[1])));
        item.errors = item.errors.filter(
          e =>
            !replaced.some(k => e.resourcePath === apiPath(k, k.versions[0])),
        );
        // Keep the older version's errors only for the kinds retried here.
        item.errors.push(
          ...again.errors.filter(
            e => e.resourcePath && paths.has(e.resourcePath),
          ),
        );
        item.resources.push(
          ...again.resources.map(r => ({
            ...r,
            resources: r.resources.filter(o =>
              replaced.some(k => (o as { kind?: string }).kind === k.kind),
            ),
          })),
        );
      }
    }

    const now = this.now();
    return {
      entityRef: request.entityRef,
      clusters: items.map(item =>
        buildClusterStatus({
          cluster: { name: item.cluster.name, title: item.cluster.title },
          objects: item.resources.flatMap(r => r.resources),
          errors: item.errors,
          now,
          thresholds: this.options.thresholds,
        }),
      ),
    };
  }

  /**
   * Every labelled component on every cluster: each kind is listed once per
   * cluster with the `backstage.io/kubernetes-id` label selector, grouped by
   * label value. Lists are cached briefly per user and cluster credentials.
   */
  async fleet(request: {
    auth?: KubernetesRequestAuth;
    credentials: BackstageCredentials;
  }): Promise<FleetResponse> {
    const { kubernetes, catalog } = this.options;
    const [clusters, entities] = await Promise.all([
      kubernetes.getClusters(request.credentials),
      catalog.getEntities(
        {
          filter: { [ENTITY_ANNOTATION]: CATALOG_FILTER_EXISTS },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials: request.credentials },
      ),
    ]);
    const refsById = new Map<string, string[]>();
    for (const entity of entities.items) {
      const id = entity.metadata.annotations?.[KUBERNETES_ID_LABEL];
      if (!id) continue;
      refsById.set(id, [
        ...(refsById.get(id) ?? []),
        stringifyEntityRef(entity),
      ]);
    }

    const now = this.now();
    const byId = new Map<string, FleetComponent['clusters']>();
    const clusterErrors = await Promise.all(
      clusters.map(async c => {
        const cluster: ClusterRef = { name: c.name, title: c.title };
        const lists = await Promise.all(
          gitopsStatusKinds.map(kind => this.listKind(request, c.name, kind)),
        );
        const errors: ClusterError[] = [];
        const objectsById = new Map<string, unknown[]>();
        for (const list of lists) {
          if ('error' in list) {
            // An unreachable cluster fails every kind the same way: say it once.
            const { errorType, message } = list.error;
            if (
              !errors.some(
                e => e.errorType === errorType && e.message === message,
              )
            ) {
              errors.push(list.error);
            }
            continue;
          }
          for (const o of list.items) {
            const id = (o as { metadata?: { labels?: Record<string, string> } })
              .metadata?.labels?.[KUBERNETES_ID_LABEL];
            if (!id) continue;
            objectsById.set(id, [...(objectsById.get(id) ?? []), o]);
          }
        }
        for (const [id, objects] of objectsById) {
          const status = buildClusterStatus({
            cluster,
            objects,
            now,
            thresholds: this.options.thresholds,
          });
          byId.set(id, [
            ...(byId.get(id) ?? []),
            summarizeClusterStatus(status),
          ]);
        }
        return { cluster, errors };
      }),
    );

    const components: FleetComponent[] = [...byId.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kubernetesId, summaries]) => ({
        kubernetesId,
        entityRefs: refsById.get(kubernetesId) ?? [],
        clusters: summaries,
        health: worstHealth(summaries.map(s => s.health)),
      }));
    return { components, clusters: clusterErrors };
  }

  private cacheKey(
    request: {
      auth?: KubernetesRequestAuth;
      credentials: BackstageCredentials;
    },
    cluster: string,
    kind: GitopsResourceKind,
  ): string {
    const principal = request.credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const who = createHash('sha256')
      .update(
        JSON.stringify([
          principal.userEntityRef ?? principal.subject ?? 'none',
          request.auth ?? {},
        ]),
      )
      .digest('hex');
    return `fleet:${who}:${cluster}:${kind.group}/${kind.plural}`;
  }

  /** One kind on one cluster, older versions tried when the preferred one is not served. */
  private async listKind(
    request: {
      auth?: KubernetesRequestAuth;
      credentials: BackstageCredentials;
    },
    cluster: string,
    kind: GitopsResourceKind,
  ): Promise<KindList> {
    const { cache, kubernetes, fleetCacheTtlMs } = this.options;
    const key = this.cacheKey(request, cluster, kind);
    const cached = (await cache.get(key)) as KindList | undefined;
    if (cached) return cached;

    let result: KindList = {
      error: { errorType: 'NOT_FOUND', message: `${kind.kind} is not served` },
    };
    for (const version of kind.versions) {
      const res = await kubernetes.proxy(request.credentials, {
        cluster,
        method: 'GET',
        path: `${apiPath(kind, version)}?labelSelector=${encodeURIComponent(
          KUBERNETES_ID_LABEL,
        )}`,
        auth: request.auth,
      });
      if (res.ok) {
        result = { items: (res.body as { items?: unknown[] })?.items ?? [] };
        break;
      }
      result = { error: res.error };
      // Only "not served in this version" is worth another version.
      if (res.status !== 404) break;
    }
    // Failures are not cached: the next view asks again.
    if ('items' in result) {
      await cache.set(key, result as never, { ttl: fleetCacheTtlMs });
    }
    return result;
  }
}
