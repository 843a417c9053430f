/**
 * drktrc GitOps scaffolder actions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitops as default } from './module';
export { createValidateAction } from './actions/validate';
export type { ValidateActionOptions } from './actions/validate';
