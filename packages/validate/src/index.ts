/**
 * Validation of generated GitOps repositories with the real readers of what
 * we write: kubectl kustomize, kubeconform, helm, terragrunt and checkov.
 *
 * @packageDocumentation
 */

export { validateTree } from './validate';
export type { ValidateTreeOptions } from './validate';
export { formatFinding, formatReport } from './report';
export {
  TOOLS_MANIFEST_PATH,
  TOOLS_SETUP_COMMAND,
  findToolsManifest,
  loadValidationTools,
} from './tools';
export type {
  OfflineChart,
  ToolName,
  ToolsManifest,
  ValidationTools,
} from './tools';
export {
  SCHEMA_INDEX_FILE,
  SCHEMA_LOCATION_TEMPLATE,
  generateSchemas,
} from './schemas/generate';
export type {
  GenerateSchemasOptions,
  SchemaIndexEntry,
} from './schemas/generate';
export { CHECK_NAMES } from './types';
export type {
  CheckName,
  CheckSummary,
  CheckovCounts,
  Finding,
  ObjectRef,
  ValidationReport,
} from './types';
