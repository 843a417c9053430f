export { GitFleetRepository } from './GitFleetRepository';
export type { GitFleetRepositoryOptions } from './GitFleetRepository';
export type {
  FleetChangeSet,
  FleetRepository,
  FleetUpdateResult,
} from './FleetRepository';
