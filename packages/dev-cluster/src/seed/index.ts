/**
 * Seeded state: the `podinfo` demo in two environments, and optional extra
 * components with varied states. Status fields follow what Flux
 * (kustomize/helm/source controllers v1/v2), cert-manager v1 and the HPA
 * controller write, so status views compute real states from them.
 */
import { ObjectStore } from '../store';
import { seedPodinfo } from './podinfo';
import { seedComponent } from './scale';
import { SeedOptions, Seeder } from './seeder';

export { KUBERNETES_ID_LABEL } from './seeder';
export type { SeedOptions } from './seeder';

/** Seeds namespaces, podinfo (unless disabled) and `components` more. */
export function seedCluster(store: ObjectStore, options: SeedOptions): void {
  const s = new Seeder(store, options.now);
  for (const ns of ['default', 'kube-system', 'flux-system', 'cert-manager'])
    s.namespace(ns);
  if (options.podinfo) seedPodinfo(s);
  for (let i = 0; i < options.components; i++) seedComponent(s, i);
}
