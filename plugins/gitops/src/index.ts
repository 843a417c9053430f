/**
 * GitOps status in the portal: HPA, certificates and Flux sync per component
 * and for the fleet (legacy frontend system; the new one is in `./alpha`).
 *
 * @packageDocumentation
 */
export {
  gitopsPlugin,
  GitopsFleetPage,
  EntityGitopsContent,
  EntityGitopsCard,
} from './plugin';
export { isGitopsAvailable } from './annotations';
export { gitopsApiRef, GitopsClient } from './api';
export type { GitopsApi, FluxTarget } from './api';
