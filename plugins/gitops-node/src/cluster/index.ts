export { ClusterRegistrar, clusterCatalogPath } from './ClusterRegistrar';
export type {
  ClusterCatalog,
  ClusterRegistrarOptions,
  ClusterRegistrationRequest,
  ClusterRegistrationResult,
  GkeLookup,
} from './ClusterRegistrar';
export {
  clusterEntity,
  gkeConsoleUrl,
  KUBERNETES_CLUSTER_RESOURCE_TYPE,
} from './entity';
export type { ClusterEntityInput } from './entity';
export { fleetEntryFiles, fluxSystemKustomizationPath } from './fleetEntry';
export { checkConnectivity } from './connectivity';
export type { ConnectivityResult } from './connectivity';
export {
  assertDnsLabel,
  parseApiServerUrl,
  parseCaCertificate,
} from './validate';
