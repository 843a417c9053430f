/**
 * The `sops:encrypt` scaffolder action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSops as default } from './module';
export { createSopsEncryptAction } from './actions/encrypt';
export type { SopsEncryptActionOptions } from './actions/encrypt';
