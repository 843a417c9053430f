import { randomUUID } from 'node:crypto';
import { KubeApiError } from './errors';
import {
  apiVersionOf,
  findResourceByKind,
  KubeObject,
  qualifiedResource,
  ResourceKind,
  resourceKinds,
} from './registry';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change in the store, as fanned out to watches. */
export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceKind;
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED). */
  previous?: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

/** Serialised form of a store (`--state FILE`). */
export interface StoreSnapshot {
  apiVersion: 'drktrc.dev/v1';
  kind: 'DevClusterState';
  resourceVersion: number;
  objects: KubeObject[];
}

const keyOf = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/** Structural equality of JSON values (prototype-agnostic, unlike util.isDeepStrictEqual). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter(
    k => (a as Record<string, unknown>)[k] !== undefined,
  );
  const kb = Object.keys(b).filter(
    k => (b as Record<string, unknown>)[k] !== undefined,
  );
  if (ka.length !== kb.length) return false;
  return ka.every(k =>
    jsonEqual(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
    ),
  );
}

/** A deep copy of a JSON value. */
export const jsonClone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const withoutMetaAndStatus = (obj: KubeObject) => {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
};

/**
 * In-memory object store: one increasing resourceVersion for the whole
 * cluster, a bounded event history for watches that resume, and listeners.
 * Stored objects are never mutated in place; every write stores a new copy.
 */
export class ObjectStore {
  private resourceVersion = 0;
  private readonly buckets = new Map<ResourceKind, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly options: { historySize?: number } = {}) {
    for (const r of resourceKinds) this.buckets.set(r, new Map());
  }

  /** The latest resourceVersion handed out. */
  get currentResourceVersion(): number {
    return this.resourceVersion;
  }

  get size(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.size;
    return n;
  }

  get(resource: ResourceKind, namespace: string | undefined, name: string) {
    return this.bucket(resource).get(keyOf(namespace, name));
  }

  /** Throws a Kubernetes 404 when absent. */
  mustGet(
    resource: ResourceKind,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const obj = this.get(resource, namespace, name);
    if (!obj) {
      throw KubeApiError.notFound(
        qualifiedResource(resource),
        resource.group,
        name,
      );
    }
    return obj;
  }

  /** Objects of one kind, sorted by namespace then name, with their keys. */
  list(
    resource: ResourceKind,
    namespace?: string,
  ): { key: string; object: KubeObject }[] {
    const out: { key: string; object: KubeObject }[] = [];
    for (const [key, object] of this.bucket(resource)) {
      if (namespace === undefined || object.metadata.namespace === namespace) {
        out.push({ key, object });
      }
    }
    return out.sort((a, b) => {
      if (a.key === b.key) return 0;
      return a.key < b.key ? -1 : 1;
    });
  }

  /** Every stored object of every kind. */
  all(): KubeObject[] {
    return [...this.buckets.values()].flatMap(b => [...b.values()]);
  }

  create(resource: ResourceKind, input: KubeObject): KubeObject {
    const namespace = resource.namespaced
      ? input.metadata.namespace
      : undefined;
    const name = input.metadata.name;
    if (resource.namespaced && !namespace) {
      throw KubeApiError.badRequest('the namespace of the object is required');
    }
    if (namespace && !this.get(this.namespaces, undefined, namespace)) {
      throw KubeApiError.notFound('namespaces', '', namespace);
    }
    const key = keyOf(namespace, name);
    if (this.bucket(resource).has(key)) {
      throw KubeApiError.alreadyExists(
        qualifiedResource(resource),
        resource.group,
        name,
      );
    }
    const rv = ++this.resourceVersion;
    const metadata = { ...input.metadata };
    if (!resource.namespaced) delete metadata.namespace;
    const object: KubeObject = {
      ...input,
      apiVersion: apiVersionOf(resource.group, resource.versions[0]),
      kind: resource.kind,
      metadata: {
        ...metadata,
        uid: metadata.uid ?? randomUUID(),
        resourceVersion: String(rv),
        generation: 1,
        creationTimestamp:
          metadata.creationTimestamp ??
          new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    this.bucket(resource).set(key, object);
    this.emit({ type: 'ADDED', resource, object, resourceVersion: rv });
    return object;
  }

  /**
   * Replaces an object. `expectedResourceVersion` (when set) must match the
   * stored one. The generation increases when anything but metadata or
   * status changed.
   */
  update(
    resource: ResourceKind,
    next: KubeObject,
    expectedResourceVersion?: string,
  ): KubeObject {
    const namespace = resource.namespaced ? next.metadata.namespace : undefined;
    const current = this.mustGet(resource, namespace, next.metadata.name);
    if (
      expectedResourceVersion &&
      expectedResourceVersion !== current.metadata.resourceVersion
    ) {
      throw KubeApiError.conflict(
        qualifiedResource(resource),
        resource.group,
        next.metadata.name,
      );
    }
    const specChanged = !jsonEqual(
      withoutMetaAndStatus(current),
      withoutMetaAndStatus(next),
    );
    const candidate: KubeObject = {
      ...next,
      apiVersion: current.apiVersion,
      kind: current.kind,
      metadata: {
        ...next.metadata,
        name: current.metadata.name,
        ...(resource.namespaced && { namespace: current.metadata.namespace }),
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: current.metadata.resourceVersion,
        generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      },
    };
    if (jsonEqual(candidate, current)) return current;
    const rv = ++this.resourceVersion;
    candidate.metadata.resourceVersion = String(rv);
    this.bucket(resource).set(
      keyOf(namespace, current.metadata.name),
      candidate,
    );
    this.emit({
      type: 'MODIFIED',
      resource,
      object: candidate,
      previous: current,
      resourceVersion: rv,
    });
    return candidate;
  }

  /** Applies `fn` to a deep copy of the stored object and stores the result. */
  modify(
    resource: ResourceKind,
    namespace: string | undefined,
    name: string,
    fn: (copy: KubeObject) => void,
  ): KubeObject {
    const copy = jsonClone(this.mustGet(resource, namespace, name));
    fn(copy);
    return this.update(resource, copy);
  }

  delete(
    resource: ResourceKind,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const current = this.mustGet(resource, namespace, name);
    this.bucket(resource).delete(keyOf(namespace, name));
    const rv = ++this.resourceVersion;
    const object = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(rv) },
    };
    this.emit({
      type: 'DELETED',
      resource,
      object,
      previous: current,
      resourceVersion: rv,
    });
    if (resource === this.namespaces) {
      for (const r of resourceKinds.filter(k => k.namespaced)) {
        for (const { object: o } of this.list(r, name)) {
          this.delete(r, name, o.metadata.name);
        }
      }
    }
    return object;
  }

  /**
   * Events after `resourceVersion`, oldest first; undefined when the
   * history no longer reaches back that far (the watch gets 410 Expired).
   */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion >= this.resourceVersion) return [];
    const first = this.history[0];
    if (!first || first.resourceVersion > resourceVersion + 1) return undefined;
    return this.history.filter(e => e.resourceVersion > resourceVersion);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): StoreSnapshot {
    return {
      apiVersion: 'drktrc.dev/v1',
      kind: 'DevClusterState',
      resourceVersion: this.resourceVersion,
      objects: this.all(),
    };
  }

  /** Loads a snapshot into an empty store, keeping resourceVersions. */
  load(snapshot: StoreSnapshot): void {
    if (
      snapshot.kind !== 'DevClusterState' ||
      !Array.isArray(snapshot.objects)
    ) {
      throw new Error('Not a dev-cluster state file (kind DevClusterState)');
    }
    for (const obj of snapshot.objects) {
      const resource = findResourceByKind(obj.apiVersion, obj.kind);
      if (!resource) {
        throw new Error(
          `State file holds an unserved kind ${obj.apiVersion} ${obj.kind}`,
        );
      }
      this.bucket(resource).set(
        keyOf(
          resource.namespaced ? obj.metadata.namespace : undefined,
          obj.metadata.name,
        ),
        obj,
      );
    }
    this.resourceVersion = Math.max(
      snapshot.resourceVersion,
      ...snapshot.objects.map(o => Number(o.metadata.resourceVersion) || 0),
    );
  }

  private get namespaces(): ResourceKind {
    return resourceKinds.find(
      r => r.group === '' && r.plural === 'namespaces',
    )!;
  }

  private bucket(resource: ResourceKind): Map<string, KubeObject> {
    return this.buckets.get(resource)!;
  }

  private emit(event: StoreEvent) {
    this.history.push(event);
    const max = this.options.historySize ?? 5000;
    if (this.history.length > max)
      this.history.splice(0, this.history.length - max);
    for (const listener of [...this.listeners]) listener(event);
  }
}
