/**
 * The gitops backend's HTTP contract as zod schemas. The backend builds these
 * values with the status rules; the frontend client checks every response
 * with `safeParse`.
 */
import { z } from 'zod';
import { conditionSchema } from './kubernetes';

/** Health shared by every view, worst last. */
export const healthStateSchema = z.enum([
  'ok',
  'suspended',
  'progressing',
  'unknown',
  'warning',
  'error',
]);
export type HealthState = z.infer<typeof healthStateSchema>;

export const clusterRefSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
});
export type ClusterRef = z.infer<typeof clusterRefSchema>;

/** A failure reading one cluster (or one kind on it): shown beside the other clusters' data. */
export const clusterErrorSchema = z.object({
  errorType: z.string(),
  message: z.string().optional(),
  statusCode: z.number().optional(),
  resourcePath: z.string().optional(),
});
export type ClusterError = z.infer<typeof clusterErrorSchema>;

/** A cluster and the failures reading it. */
export const clusterWithErrorsSchema = z.object({
  cluster: clusterRefSchema,
  errors: z.array(clusterErrorSchema),
});
export type ClusterWithErrors = z.infer<typeof clusterWithErrorsSchema>;

export const objectRefViewSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});
export type ObjectRefView = z.infer<typeof objectRefViewSchema>;

/** kstatus of a Flux object. */
export const fluxStateSchema = z.enum([
  'Ready',
  'Failed',
  'Progressing',
  'Suspended',
  'Unknown',
]);
export type FluxState = z.infer<typeof fluxStateSchema>;

export const fluxStatusSchema = z.object({
  state: fluxStateSchema,
  health: healthStateSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  /** `status.observedGeneration` behind `metadata.generation`. */
  stale: z.boolean(),
});
export type FluxStatus = z.infer<typeof fluxStatusSchema>;

export const reconcileRequestSchema = z.object({
  requestedAt: z.string().optional(),
  lastHandledAt: z.string().optional(),
  /** Requested and not handled yet. */
  pending: z.boolean(),
});
export type ReconcileRequest = z.infer<typeof reconcileRequestSchema>;

export const helmHistoryEntryViewSchema = z.object({
  version: z.number().optional(),
  status: z.string().optional(),
  chartName: z.string().optional(),
  chartVersion: z.string().optional(),
  appVersion: z.string().optional(),
  digest: z.string().optional(),
  firstDeployed: z.string().optional(),
  lastDeployed: z.string().optional(),
});
export type HelmHistoryEntryView = z.infer<typeof helmHistoryEntryViewSchema>;

const fluxObjectBase = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  status: fluxStatusSchema,
  suspended: z.boolean(),
  reconcile: reconcileRequestSchema,
  conditions: z.array(conditionSchema),
});

export const kustomizationViewSchema = fluxObjectBase.extend({
  kind: z.literal('Kustomization'),
  path: z.string().optional(),
  sourceRef: objectRefViewSchema.optional(),
  dependsOn: z.array(objectRefViewSchema),
  lastAppliedRevision: z.string().optional(),
  lastAttemptedRevision: z.string().optional(),
  /** The source's `status.artifact.revision`, when the source was read. */
  sourceRevision: z.string().optional(),
  /** Applied revision equals the source's artifact revision. */
  upToDate: z.boolean().optional(),
});
export type KustomizationView = z.infer<typeof kustomizationViewSchema>;

export const helmReleaseViewSchema = fluxObjectBase.extend({
  kind: z.literal('HelmRelease'),
  chart: z.string().optional(),
  chartSourceRef: objectRefViewSchema.optional(),
  dependsOn: z.array(objectRefViewSchema),
  /** Chart version, app version and digest of the current release (`status.history[0]`), else `lastAttemptedRevision`. */
  revision: z.string().optional(),
  history: z.array(helmHistoryEntryViewSchema),
});
export type HelmReleaseView = z.infer<typeof helmReleaseViewSchema>;

export const fluxSourceViewSchema = fluxObjectBase.extend({
  url: z.string().optional(),
  revision: z.string().optional(),
});
export type FluxSourceView = z.infer<typeof fluxSourceViewSchema>;

export const hpaMetricViewSchema = z.object({
  type: z.string(),
  /** `cpu`, `memory` (Resource / ContainerResource) or the metric name. */
  name: z.string(),
  container: z.string().optional(),
  describedObject: objectRefViewSchema.optional(),
  targetType: z.string(),
  /** Target as shown: `70%`, `200Mi`, `100`. */
  target: z.string(),
  /** Current value in the same unit as the target, when reported. */
  current: z.string().optional(),
  /** Current value above target (from numbers both sides can be compared). */
  aboveTarget: z.boolean().optional(),
});
export type HpaMetricView = z.infer<typeof hpaMetricViewSchema>;

export const hpaViewSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  scaleTargetRef: objectRefViewSchema,
  minReplicas: z.number(),
  maxReplicas: z.number(),
  currentReplicas: z.number().optional(),
  desiredReplicas: z.number().optional(),
  metrics: z.array(hpaMetricViewSchema),
  conditions: z.array(conditionSchema),
  /** `currentReplicas == maxReplicas`. */
  saturated: z.boolean(),
  health: healthStateSchema,
  /** Why the health is not ok, one sentence each. */
  problems: z.array(z.string()),
});
export type HpaView = z.infer<typeof hpaViewSchema>;

export const certificateViewSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  dnsNames: z.array(z.string()),
  secretName: z.string().optional(),
  issuerRef: objectRefViewSchema.optional(),
  ready: conditionSchema.optional(),
  notAfter: z.string().optional(),
  renewalTime: z.string().optional(),
  /** Whole days until `notAfter` (negative once expired). */
  daysLeft: z.number().optional(),
  health: healthStateSchema,
  problems: z.array(z.string()),
  conditions: z.array(conditionSchema),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

export const clusterStatusSchema = clusterWithErrorsSchema.extend({
  kustomizations: z.array(kustomizationViewSchema),
  helmReleases: z.array(helmReleaseViewSchema),
  sources: z.array(fluxSourceViewSchema),
  hpas: z.array(hpaViewSchema),
  certificates: z.array(certificateViewSchema),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;

/** `GET /entity-status?entityRef=`: one entry per cluster, failing ones included. */
export const entityStatusResponseSchema = z.object({
  entityRef: z.string(),
  clusters: z.array(clusterStatusSchema),
});
export type EntityStatusResponse = z.infer<typeof entityStatusResponseSchema>;

/** Counts by health for one kind. */
export const healthCountsSchema = z.partialRecord(
  healthStateSchema,
  z.number(),
);
export type HealthCounts = z.infer<typeof healthCountsSchema>;

export const fleetClusterSummarySchema = z.object({
  cluster: clusterRefSchema,
  flux: healthCountsSchema,
  hpas: healthCountsSchema,
  certificates: healthCountsSchema,
  /** Fewest days left among the component's certificates on this cluster. */
  minCertificateDaysLeft: z.number().optional(),
  /** Worst health of everything above. */
  health: healthStateSchema,
});
export type FleetClusterSummary = z.infer<typeof fleetClusterSummarySchema>;

export const fleetComponentSchema = z.object({
  /** The `backstage.io/kubernetes-id` label value. */
  kubernetesId: z.string(),
  /** Catalog entities annotated with this id. */
  entityRefs: z.array(z.string()),
  clusters: z.array(fleetClusterSummarySchema),
  health: healthStateSchema,
});
export type FleetComponent = z.infer<typeof fleetComponentSchema>;

/** `GET /fleet`: every labelled component on every cluster, and each cluster's errors. */
export const fleetResponseSchema = z.object({
  components: z.array(fleetComponentSchema),
  clusters: z.array(clusterWithErrorsSchema),
});
export type FleetResponse = z.infer<typeof fleetResponseSchema>;

/**
 * Tokens for clusters whose auth provider needs the user's own credentials
 * (e.g. `{ google: '<access token>' }`), as the Kubernetes plugin takes them.
 */
export const kubernetesRequestAuthSchema = z.record(z.string(), z.unknown());
export type KubernetesRequestAuth = z.infer<typeof kubernetesRequestAuthSchema>;

/** Body of `POST /fleet`; every other request body extends it. */
export const fleetRequestSchema = z.object({
  auth: kubernetesRequestAuthSchema.optional(),
});
export type FleetRequest = z.infer<typeof fleetRequestSchema>;

/** Body of `POST /entity-status`. */
export const entityStatusRequestSchema = fleetRequestSchema.extend({
  entityRef: z.string().min(1),
});
export type EntityStatusRequest = z.infer<typeof entityStatusRequestSchema>;

/** Body of `POST /reconcile` and `POST /suspend`. */
export const fluxObjectTargetSchema = fleetRequestSchema.extend({
  cluster: z.string().min(1),
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});
export type FluxObjectTarget = z.infer<typeof fluxObjectTargetSchema>;

export const suspendRequestSchema = fluxObjectTargetSchema.extend({
  suspend: z.boolean(),
});
export type SuspendRequest = z.infer<typeof suspendRequestSchema>;

export const reconcileResponseSchema = z.object({
  requestedAt: z.string(),
});
export type ReconcileResponse = z.infer<typeof reconcileResponseSchema>;

export const suspendResponseSchema = z.object({
  suspended: z.boolean(),
});
export type SuspendResponse = z.infer<typeof suspendResponseSchema>;
