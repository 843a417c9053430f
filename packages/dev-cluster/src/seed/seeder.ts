/** Puts seeded objects into the store; shared metadata helpers. */
import type { TypeMeta } from '@kubernetes-models/base';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { findResourceByKind, KubeObject } from '../registry';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { ObjectStore } from '../store';
import { hex } from '../ids';
import { DAY, rfc3339 } from '../time';

import { KUBERNETES_ID_LABEL } from '@drktrc/plugin-gitops-common';

export { KUBERNETES_ID_LABEL };

export interface SeedOptions {
  /** Extra components beyond podinfo. */
  components: number;
  /** The time the seed is relative to (ms since epoch). */
  now: number;
  /** Whether to seed podinfo (namespaces are always created). */
  podinfo: boolean;
}

/** A pod-template-hash style suffix (consonants only) from a seed. */
export const podSuffix = (seed: string) =>
  hex(seed, 5).replace(/[0-9]/g, d => 'bcdfghjklm'[Number(d)]);

/** A stored object: the store has given it a uid. */
export type StoredObject = KubeObject & {
  metadata: KubeObject['metadata'] & { uid: string };
};

export class Seeder {
  constructor(private readonly store: ObjectStore, readonly now: number) {}

  /**
   * Stores `obj` unless an object of that kind and name exists. `T` is the
   * object's type from kubernetes-models (`IDeployment`, `IKustomization`,
   * ...), so the seed is type-checked against the real schemas; the seed
   * test also runs each model's validate() on every seeded object.
   */
  put<T extends TypeMeta & { metadata?: IObjectMeta }>(
    obj: T & { metadata: IObjectMeta },
  ): StoredObject {
    const resource = findResourceByKind(obj.apiVersion, obj.kind);
    if (!resource) throw new Error(`Seed uses an unserved kind ${obj.kind}`);
    const existing = this.store.get(
      resource,
      obj.metadata.namespace,
      obj.metadata.name!,
    );
    if (existing) return existing as StoredObject;
    // The store gives every object a uid.
    return this.store.create(
      resource,
      obj as unknown as KubeObject,
    ) as StoredObject;
  }

  meta(
    id: string,
    name: string,
    namespace: string | undefined,
    createdAgo: number,
    extra: Omit<IObjectMeta, 'name' | 'namespace'> = {},
  ) {
    const { labels, ...rest } = extra;
    return {
      name,
      ...(namespace && { namespace }),
      creationTimestamp: rfc3339(this.now - createdAgo),
      labels: { [KUBERNETES_ID_LABEL]: id, ...labels },
      ...rest,
    };
  }

  namespace(name: string, id?: string) {
    this.put<INamespace>({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        creationTimestamp: rfc3339(this.now - 120 * DAY),
        labels: {
          'kubernetes.io/metadata.name': name,
          ...(id && { [KUBERNETES_ID_LABEL]: id }),
        },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
}
