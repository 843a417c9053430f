/**
 * The gitops plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
