import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Registering a cluster in the catalog and in the Flux fleet. Guarded: only
 * members of the platform group may do it.
 */
export const gitopsClusterRegisterPermission = createPermission({
  name: 'gitops.cluster.register',
  attributes: { action: 'create' },
});

/** Requesting a Flux reconcile of a Kustomization or HelmRelease. Guarded. */
export const gitopsFluxReconcilePermission = createPermission({
  name: 'gitops.flux.reconcile',
  attributes: { action: 'update' },
});

/** Suspending or resuming a Flux Kustomization or HelmRelease. Guarded. */
export const gitopsFluxSuspendPermission = createPermission({
  name: 'gitops.flux.suspend',
  attributes: { action: 'update' },
});

/**
 * Changing a cluster through the Kubernetes plugin's proxy
 * (`/api/kubernetes/proxy`): any request but a read (GET or HEAD), and
 * exec, attach, port-forward or the API server's proxy even over GET.
 * Guarded. Reading through the proxy needs only `kubernetes.proxy`.
 */
export const gitopsKubernetesProxyWritePermission = createPermission({
  name: 'gitops.kubernetes.proxy.write',
  attributes: { action: 'update' },
});

export const gitopsPermissions = [
  gitopsClusterRegisterPermission,
  gitopsFluxReconcilePermission,
  gitopsFluxSuspendPermission,
  gitopsKubernetesProxyWritePermission,
];

/** The scaffolder action id that registers a cluster. */
export const CLUSTER_REGISTER_ACTION_ID = 'gitops:cluster:register';
