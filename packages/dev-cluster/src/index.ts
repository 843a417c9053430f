/**
 * A local Kubernetes API server on loopback for the portal and its tests.
 *
 * @packageDocumentation
 */
export { startDevCluster, DEFAULT_PORT } from './startDevCluster';
export type { DevCluster, DevClusterOptions } from './startDevCluster';
export { resourceKinds, findResource, findResourceByKind } from './registry';
export type {
  ResourceKind,
  KubeObject,
  ObjectMeta,
  PrinterColumn,
} from './registry';
export { ObjectStore } from './store';
export type { StoreEvent, StoreSnapshot, WatchEventType } from './store';
export { KubeApiError } from './errors';
export type { KubeStatus, StatusReason } from './errors';
export { parseLabelSelector, parseFieldSelector } from './selectors';
export { seedCluster, KUBERNETES_ID_LABEL } from './seed';
export type { SeedOptions } from './seed';
export { startControllers, defaultControllerOptions } from './controllers';
export { applyPatchBody, mergePatch, patchTypeOf } from './patch';
export type { PatchType } from './patch';
export type { ControllerOptions } from './controllers';
export { backstageKubernetesConfig, portalCustomResources } from './kubeconfig';
