/**
 * Shared contract of the drktrc GitOps plugins.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './validateAction';
