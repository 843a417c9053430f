export { GkeClusterResolver } from './GkeClusterResolver';
export type {
  GkeClusterCoordinates,
  GkeClusterInfo,
  GkeClusterResolverOptions,
} from './GkeClusterResolver';
