/**
 * Shared contract of the drktrc GitOps plugins.
 *
 * @packageDocumentation
 */
export * from './actions';
export * from './gitServer';
export * from './permissions';
export * from './serviceValues';
