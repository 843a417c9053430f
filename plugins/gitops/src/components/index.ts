export * from './EntityGitopsContent';
export * from './EntityGitopsCard';
export * from './FleetPage';
