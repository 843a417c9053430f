export type {
  KeySource,
  SopsKeyEntry,
  SopsKeyType,
  SopsMasterKeyRef,
} from './types';
export {
  AgeKeySource,
  ageIdentitiesFromEnv,
  ensureAgeIdentityFile,
  parseAgeIdentities,
} from './age';
export type { AgeKeySourceOptions } from './age';
export { GcpKmsKeySource } from './gcpKms';
export type { GcpKmsKeySourceOptions } from './gcpKms';
export { PgpKeySource } from './pgp';
export type { PgpKeySourceOptions } from './pgp';
export { KeySourceRegistry } from './registry';
