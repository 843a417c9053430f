/**
 * Node library of the drktrc GitOps plugins.
 *
 * @packageDocumentation
 */
export * from './gke';
