/**
 * Node library of the drktrc GitOps plugins: cluster registration (GKE
 * lookup, validation, catalog Resource, Flux fleet repository).
 *
 * @packageDocumentation
 */
export * from './cluster';
export * from './fleet';
export * from './gke';
