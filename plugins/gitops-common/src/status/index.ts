export {
  fluxStatus,
  reconcileRequest,
  kustomizationView,
  helmReleaseView,
  sourceView,
} from './flux';
export { hpaView } from './hpa';
export { certificateView, defaultCertificateThresholds } from './certificate';
export type { CertificateThresholds } from './certificate';
export { worstHealth, countHealth } from './health';
export { parseQuantity } from './quantity';
export {
  buildClusterStatus,
  summarizeClusterStatus,
  invalidObjectError,
} from './clusterStatus';
export type { BuildClusterStatusOptions } from './clusterStatus';
