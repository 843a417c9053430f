/**
 * Shared contract of the drktrc GitOps plugins: permissions, the list of
 * kinds read, zod schemas of objects and responses, and pure status rules.
 *
 * @packageDocumentation
 */
export * from './actions';
export * from './gitServer';
export * from './permissions';
export * from './serviceValues';
export * from './customResources';
export * from './schemas';
export * from './status';
export * from './visibility';
