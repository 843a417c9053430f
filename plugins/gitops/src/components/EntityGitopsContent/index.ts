export { EntityGitopsContent } from './EntityGitopsContent';
export { GitopsStatusView, clusterHealth } from './GitopsStatusView';
