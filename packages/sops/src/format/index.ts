export {
  SopsBranch,
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsTime,
  formatGoFloat,
  scalarToBytes,
} from './tree';
export type { SopsScalar, SopsTreeItem, SopsValue } from './tree';
export { SopsIntegrityError, SopsKeyError } from './errors';
export type { SopsIntegrityFailure } from './errors';
export { SOPS_RULE_FIELDS } from './rules';
export type { SopsEncryptionRules } from './rules';
export { SOPS_FORMAT_VERSION, formatSopsTimestamp } from './metadata';
export type {
  SopsAgeEntry,
  SopsGcpKmsEntry,
  SopsKeyGroup,
  SopsMetadata,
  SopsPgpEntry,
} from './metadata';
