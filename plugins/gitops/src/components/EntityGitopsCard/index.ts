export { EntityGitopsCard } from './EntityGitopsCard';
