export { FluxActions } from './FluxActions';
export type { FluxActionsProps } from './FluxActions';
