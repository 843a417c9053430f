/**
 * The gitops backend plugin: Flux, HPA and certificate status per component
 * and for the fleet, read through the Kubernetes plugin; guarded, audited
 * Flux reconcile and suspend.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
