/**
 * Scaffolder actions of the drktrc GitOps plugins.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitops as default } from './module';
export {
  createClusterRegisterAction,
  catalogServiceClusterCatalog,
} from './actions/clusterRegister';
export type { ClusterRegisterActionOptions } from './actions/clusterRegister';
