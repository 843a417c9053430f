/**
 * drktrc's scaffolder actions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitops as default } from './module';
export {
  createValidateAction,
  type ValidateActionOptions,
} from './actions/validate';
export {
  createServiceCheckAction,
  type ServiceCheckActionOptions,
} from './actions/serviceCheck';
export {
  createPublishPortalAction,
  type PublishPortalActionOptions,
} from './actions/publishPortal';
export {
  createClusterRegisterAction,
  catalogServiceClusterCatalog,
} from './actions/clusterRegister';
export type { ClusterRegisterActionOptions } from './actions/clusterRegister';
export {
  createCatalogWaitAction,
  type CatalogWaitActionOptions,
} from './actions/catalogWait';
export {
  DEFAULT_FLEET_REPOSITORY,
  gitServerFleetRepository,
  type GitServerFleetRepositoryOptions,
} from './fleet/portalFleetRepository';
