/**
 * kstatus for Flux objects, and the views of Kustomizations, HelmReleases
 * and sources.
 */
import { RECONCILE_REQUESTED_AT_ANNOTATION } from '../customResources';
import {
  FluxSourceView,
  FluxStatus,
  HelmReleaseView,
  KustomizationView,
  ObjectRefView,
  ReconcileRequest,
} from '../schemas/api';
import {
  Condition,
  FluxSourceObject,
  HelmReleaseObject,
  KustomizationObject,
} from '../schemas/kubernetes';
import { conditionViews, findCondition } from './conditions';

interface FluxLike {
  metadata: { generation?: number; annotations?: Record<string, string> };
  spec?: { suspend?: boolean };
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    lastHandledReconcileAt?: string;
  };
}

/**
 * kstatus: `spec.suspend` -> Suspended; `Stalled=True` -> Failed;
 * `Reconciling=True` or `Ready=Unknown` -> Progressing; `Ready=True` with
 * `observedGeneration == generation` -> Ready (a stale observed generation is
 * Progressing); `Ready=False` -> Failed; no Ready condition -> Unknown
 * (Progressing while the generation is stale).
 */
export function fluxStatus(obj: FluxLike): FluxStatus {
  const conditions = obj.status?.conditions;
  const ready = findCondition(conditions, 'Ready');
  const stalled = findCondition(conditions, 'Stalled');
  const reconciling = findCondition(conditions, 'Reconciling');
  const generation = obj.metadata.generation;
  const observed = obj.status?.observedGeneration;
  const stale =
    generation !== undefined &&
    observed !== undefined &&
    observed !== generation;

  if (obj.spec?.suspend) {
    return {
      state: 'Suspended',
      health: 'suspended',
      reason: 'Suspended',
      message: ready?.message,
      stale,
    };
  }
  if (stalled?.status === 'True') {
    return {
      state: 'Failed',
      health: 'error',
      reason: stalled.reason,
      message: stalled.message,
      stale,
    };
  }
  if (reconciling?.status === 'True' || ready?.status === 'Unknown') {
    const c = reconciling?.status === 'True' ? reconciling : ready!;
    return {
      state: 'Progressing',
      health: 'progressing',
      reason: c.reason,
      message: c.message,
      stale,
    };
  }
  if (ready?.status === 'True') {
    if (stale || (observed === undefined && generation !== undefined)) {
      return {
        state: 'Progressing',
        health: 'progressing',
        reason: 'ObservedGenerationStale',
        message: `The controller has not observed generation ${generation} yet (observed ${
          observed ?? 'none'
        }).`,
        stale: true,
      };
    }
    return {
      state: 'Ready',
      health: 'ok',
      reason: ready.reason,
      message: ready.message,
      stale,
    };
  }
  if (ready?.status === 'False') {
    return {
      state: 'Failed',
      health: 'error',
      reason: ready.reason,
      message: ready.message,
      stale,
    };
  }
  if (stale) {
    return {
      state: 'Progressing',
      health: 'progressing',
      reason: 'ObservedGenerationStale',
      message: `The controller has not observed generation ${generation} yet.`,
      stale,
    };
  }
  return { state: 'Unknown', health: 'unknown', stale };
}

/** The on-demand reconcile request: pending until `lastHandledReconcileAt` equals the annotation. */
export function reconcileRequest(obj: FluxLike): ReconcileRequest {
  const requestedAt =
    obj.metadata.annotations?.[RECONCILE_REQUESTED_AT_ANNOTATION];
  const lastHandledAt = obj.status?.lastHandledReconcileAt;
  return {
    requestedAt,
    lastHandledAt,
    pending: requestedAt !== undefined && requestedAt !== lastHandledAt,
  };
}

const refView = (
  ref: { kind?: string; name: string; namespace?: string },
  defaults: { kind: string; namespace?: string },
): ObjectRefView => ({
  kind: ref.kind ?? defaults.kind,
  name: ref.name,
  namespace: ref.namespace ?? defaults.namespace,
});

const sameRef = (
  a: ObjectRefView,
  b: { kind: string; name: string; namespace?: string },
) => a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;

function fluxBase(
  obj: KustomizationObject | HelmReleaseObject | FluxSourceObject,
) {
  return {
    apiVersion: obj.apiVersion,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
    status: fluxStatus(obj),
    suspended: obj.spec?.suspend ?? false,
    reconcile: reconcileRequest(obj),
    conditions: conditionViews(obj.status?.conditions),
  };
}

export function sourceView(obj: FluxSourceObject): FluxSourceView {
  return {
    ...fluxBase(obj),
    kind: obj.kind,
    url: obj.spec?.url ?? obj.status?.url,
    revision: obj.status?.artifact?.revision,
  };
}

/**
 * A Kustomization with its revision compared to its source's artifact
 * revision (when the source is among `sources`).
 */
export function kustomizationView(
  obj: KustomizationObject,
  sources: readonly FluxSourceView[] = [],
): KustomizationView {
  const namespace = obj.metadata.namespace;
  const sourceRef = obj.spec?.sourceRef
    ? refView(obj.spec.sourceRef, { kind: 'GitRepository', namespace })
    : undefined;
  const source = sourceRef
    ? sources.find(s => sameRef(sourceRef, s))
    : undefined;
  const applied = obj.status?.lastAppliedRevision;
  return {
    ...fluxBase(obj),
    kind: 'Kustomization',
    path: obj.spec?.path,
    sourceRef,
    dependsOn: (obj.spec?.dependsOn ?? []).map(d =>
      refView(d, { kind: 'Kustomization', namespace }),
    ),
    lastAppliedRevision: applied,
    lastAttemptedRevision: obj.status?.lastAttemptedRevision,
    sourceRevision: source?.revision,
    upToDate:
      source?.revision !== undefined ? applied === source.revision : undefined,
  };
}

function chartSourceRef(obj: HelmReleaseObject): ObjectRefView | undefined {
  const namespace = obj.metadata.namespace;
  const chartSpec = obj.spec?.chart?.spec;
  if (chartSpec) {
    return refView(chartSpec.sourceRef, { kind: 'HelmRepository', namespace });
  }
  if (obj.spec?.chartRef) {
    return refView(obj.spec.chartRef, { kind: 'OCIRepository', namespace });
  }
  return undefined;
}

/**
 * A HelmRelease. The revision comes from `status.history[0]` (v2 and
 * v2beta2: chart version, app version, digest), else `lastAttemptedRevision`.
 */
export function helmReleaseView(obj: HelmReleaseObject): HelmReleaseView {
  const namespace = obj.metadata.namespace;
  const history = obj.status?.history ?? [];
  const current = history[0];
  const currentRevision = current
    ? [
        current.chartVersion,
        current.appVersion ? `app ${current.appVersion}` : undefined,
        current.digest,
      ]
        .filter(Boolean)
        .join(' · ')
    : undefined;
  const chartSpec = obj.spec?.chart?.spec;
  return {
    ...fluxBase(obj),
    kind: 'HelmRelease',
    chart: chartSpec
      ? `${chartSpec.chart}${chartSpec.version ? `@${chartSpec.version}` : ''}`
      : undefined,
    chartSourceRef: chartSourceRef(obj),
    dependsOn: (obj.spec?.dependsOn ?? []).map(d =>
      refView(d, { kind: 'HelmRelease', namespace }),
    ),
    revision:
      currentRevision ||
      obj.status?.lastAttemptedRevision ||
      obj.status?.lastAppliedRevision,
    history: history.map(h => ({
      version: h.version,
      status: h.status,
      chartName: h.chartName,
      chartVersion: h.chartVersion,
      appVersion: h.appVersion,
      digest: h.digest,
      firstDeployed: h.firstDeployed,
      lastDeployed: h.lastDeployed,
    })),
  };
}
