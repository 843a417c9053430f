/** `meta.k8s.io/v1` Table output, as `kubectl get` asks for it. */
import { KubeObject, ResourceKind } from './registry';

/** Mirrors k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (years < 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function columnDefinitions(resource: ResourceKind) {
  return [
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description:
        'Name must be unique within a namespace. https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
      priority: 0,
    },
    ...(resource.columns ?? []).map(c => ({
      name: c.name,
      type: c.type === 'date' ? 'string' : c.type,
      format: '',
      description: c.description ?? c.name,
      priority: c.priority ?? 0,
    })),
    {
      name: 'Age',
      type: 'string',
      format: '',
      description:
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      priority: 0,
    },
  ];
}

export function tableRow(
  resource: ResourceKind,
  obj: KubeObject,
  include: IncludeObject,
  now = Date.now(),
) {
  const created = obj.metadata.creationTimestamp
    ? Date.parse(obj.metadata.creationTimestamp)
    : now;
  const row: Record<string, unknown> = {
    cells: [
      obj.metadata.name,
      ...(resource.columns ?? []).map(c => {
        const v = c.value(obj);
        return v === undefined ? '<none>' : v;
      }),
      humanDuration(now - created),
    ],
  };
  if (include === 'Object') row.object = obj;
  if (include === 'Metadata') {
    row.object = {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: obj.metadata,
    };
  }
  return row;
}

export function toTable(
  resource: ResourceKind,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  include: IncludeObject,
  withColumns = true,
) {
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? columnDefinitions(resource) : null,
    rows: objects.map(o => tableRow(resource, o, include, now)),
  };
}
