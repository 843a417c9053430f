/**
 * The one table describing every kind the dev cluster serves. Discovery,
 * OpenAPI, routing, Table output and the seed all read it.
 */

/** A column of `kubectl get` output (a `meta.k8s.io/v1` Table column). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  description?: string;
  /** Columns with priority > 0 only show with `-o wide`. */
  priority?: number;
  value: (obj: KubeObject) => string | number | undefined;
}

export interface ResourceKind {
  /** API group; `''` for the core group. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Whether a `/status` subresource is served (status is then ignored on the main resource's updates). */
  statusSubresource: boolean;
  /** Extra columns between NAME and AGE. */
  columns?: PrinterColumn[];
}

/** A Kubernetes object as stored: plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

type Condition = { type: string; status: string; message?: string };

/** The value at a dotted path (`status.phase`); undefined where a step is missing. */
export const getPath = (obj: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (o, k) =>
        o && typeof o === 'object'
          ? (o as Record<string, unknown>)[k]
          : undefined,
      obj,
    );

const condition = (obj: KubeObject, type: string): Condition | undefined =>
  (getPath(obj, 'status.conditions') as Condition[] | undefined)?.find(
    c => c.type === type,
  );

const str = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : String(v);

const readyColumn: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  value: o => condition(o, 'Ready')?.status ?? 'Unknown',
};

const readyColumns: PrinterColumn[] = [
  readyColumn,
  {
    name: 'Status',
    type: 'string',
    value: o => condition(o, 'Ready')?.message ?? '',
  },
];

const fluxSourceColumns: PrinterColumn[] = [
  { name: 'URL', type: 'string', value: o => str(getPath(o, 'spec.url')) },
  ...readyColumns,
];

export const resourceKinds: ResourceKind[] = [
  {
    group: '',
    versions: ['v1'],
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
    columns: [
      {
        name: 'Status',
        type: 'string',
        value: o => str(getPath(o, 'status.phase')) ?? 'Active',
      },
    ],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    columns: [
      {
        name: 'Ready',
        type: 'string',
        value: o => {
          const cs =
            (getPath(o, 'status.containerStatuses') as
              | { ready?: boolean }[]
              | undefined) ?? [];
          const total =
            (getPath(o, 'spec.containers') as unknown[] | undefined)?.length ??
            cs.length;
          return `${cs.filter(c => c.ready).length}/${total}`;
        },
      },
      {
        name: 'Status',
        type: 'string',
        value: o => str(getPath(o, 'status.phase')) ?? 'Unknown',
      },
      {
        name: 'Restarts',
        type: 'integer',
        value: o =>
          (
            (getPath(o, 'status.containerStatuses') as
              | { restartCount?: number }[]
              | undefined) ?? []
          ).reduce((n, c) => n + (c.restartCount ?? 0), 0),
      },
    ],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
    columns: [
      {
        name: 'Type',
        type: 'string',
        value: o => str(getPath(o, 'spec.type')),
      },
      {
        name: 'Cluster-IP',
        type: 'string',
        value: o => str(getPath(o, 'spec.clusterIP')),
      },
    ],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    statusSubresource: false,
    columns: [
      { name: 'Type', type: 'string', value: o => str(getPath(o, 'type')) },
      {
        name: 'Data',
        type: 'integer',
        value: o => Object.keys((getPath(o, 'data') as object) ?? {}).length,
      },
    ],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    statusSubresource: false,
    columns: [
      {
        name: 'Data',
        type: 'integer',
        value: o => Object.keys((getPath(o, 'data') as object) ?? {}).length,
      },
    ],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    statusSubresource: false,
    columns: [
      { name: 'Type', type: 'string', value: o => str(getPath(o, 'type')) },
      { name: 'Reason', type: 'string', value: o => str(getPath(o, 'reason')) },
      {
        name: 'Message',
        type: 'string',
        value: o => str(getPath(o, 'message')),
      },
    ],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
    statusSubresource: false,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
    statusSubresource: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
    statusSubresource: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    statusSubresource: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
    columns: [
      {
        name: 'Ready',
        type: 'string',
        value: o =>
          `${getPath(o, 'status.readyReplicas') ?? 0}/${
            getPath(o, 'spec.replicas') ?? 1
          }`,
      },
      {
        name: 'Up-to-date',
        type: 'integer',
        value: o => Number(getPath(o, 'status.updatedReplicas') ?? 0),
      },
      {
        name: 'Available',
        type: 'integer',
        value: o => Number(getPath(o, 'status.availableReplicas') ?? 0),
      },
    ],
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    plural: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'autoscaling',
    versions: ['v2'],
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    statusSubresource: true,
    columns: [
      {
        name: 'Reference',
        type: 'string',
        value: o =>
          `${getPath(o, 'spec.scaleTargetRef.kind')}/${getPath(
            o,
            'spec.scaleTargetRef.name',
          )}`,
      },
      {
        name: 'MinPods',
        type: 'integer',
        value: o => Number(getPath(o, 'spec.minReplicas') ?? 1),
      },
      {
        name: 'MaxPods',
        type: 'integer',
        value: o => Number(getPath(o, 'spec.maxReplicas')),
      },
      {
        name: 'Replicas',
        type: 'integer',
        value: o => Number(getPath(o, 'status.currentReplicas') ?? 0),
      },
    ],
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    statusSubresource: true,
    columns: [
      {
        name: 'Hosts',
        type: 'string',
        value: o =>
          ((getPath(o, 'spec.rules') as { host?: string }[] | undefined) ?? [])
            .map(r => r.host ?? '*')
            .join(','),
      },
    ],
  },
  {
    group: 'kustomize.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    plural: 'kustomizations',
    singular: 'kustomization',
    kind: 'Kustomization',
    namespaced: true,
    shortNames: ['ks'],
    statusSubresource: true,
    columns: readyColumns,
  },
  {
    group: 'helm.toolkit.fluxcd.io',
    versions: ['v2', 'v2beta2'],
    plural: 'helmreleases',
    singular: 'helmrelease',
    kind: 'HelmRelease',
    namespaced: true,
    shortNames: ['hr'],
    statusSubresource: true,
    columns: readyColumns,
  },
  {
    group: 'source.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    plural: 'gitrepositories',
    singular: 'gitrepository',
    kind: 'GitRepository',
    namespaced: true,
    shortNames: ['gitrepo'],
    statusSubresource: true,
    columns: fluxSourceColumns,
  },
  {
    group: 'source.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    plural: 'ocirepositories',
    singular: 'ocirepository',
    kind: 'OCIRepository',
    namespaced: true,
    shortNames: ['ocirepo'],
    statusSubresource: true,
    columns: fluxSourceColumns,
  },
  {
    group: 'source.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    plural: 'helmrepositories',
    singular: 'helmrepository',
    kind: 'HelmRepository',
    namespaced: true,
    shortNames: ['helmrepo'],
    statusSubresource: true,
    columns: fluxSourceColumns,
  },
  {
    group: 'source.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2'],
    plural: 'helmcharts',
    singular: 'helmchart',
    kind: 'HelmChart',
    namespaced: true,
    shortNames: ['hc'],
    statusSubresource: true,
    columns: readyColumns,
  },
  {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'certificates',
    singular: 'certificate',
    kind: 'Certificate',
    namespaced: true,
    shortNames: ['cert', 'certs'],
    categories: ['cert-manager'],
    statusSubresource: true,
    columns: [
      readyColumn,
      {
        name: 'Secret',
        type: 'string',
        value: o => str(getPath(o, 'spec.secretName')),
      },
      {
        name: 'Expires',
        type: 'string',
        priority: 1,
        value: o => str(getPath(o, 'status.notAfter')),
      },
    ],
  },
  {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'certificaterequests',
    singular: 'certificaterequest',
    kind: 'CertificateRequest',
    namespaced: true,
    shortNames: ['cr', 'crs'],
    categories: ['cert-manager'],
    statusSubresource: true,
    columns: [readyColumn],
  },
  {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'issuers',
    singular: 'issuer',
    kind: 'Issuer',
    namespaced: true,
    categories: ['cert-manager'],
    statusSubresource: true,
    columns: [readyColumn],
  },
  {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'clusterissuers',
    singular: 'clusterissuer',
    kind: 'ClusterIssuer',
    namespaced: false,
    categories: ['cert-manager'],
    statusSubresource: true,
    columns: [readyColumn],
  },
];

/** `apiVersion` string for a group and version (`v1` for core). */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Looks a kind up by group, version and plural; undefined when not served. */
export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceKind | undefined {
  return resourceKinds.find(
    r =>
      r.group === group && r.plural === plural && r.versions.includes(version),
  );
}

/** Looks a kind up by its `apiVersion` and `kind` (as written in an object). */
export function findResourceByKind(
  apiVersion: string,
  kind: string,
): ResourceKind | undefined {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  return resourceKinds.find(
    r => r.group === group && r.kind === kind && r.versions.includes(version),
  );
}

/** `plural` or `plural.group`, as used in Kubernetes error messages. */
export function qualifiedResource(r: ResourceKind): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Every served group with its versions, preferred first. */
export function apiGroups(): { name: string; versions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const r of resourceKinds) {
    if (!r.group) continue;
    const versions = groups.get(r.group) ?? [];
    for (const v of r.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(r.group, versions);
  }
  return [...groups].map(([name, versions]) => ({ name, versions }));
}
