export {
  SOPS_CONFIG_FILE,
  findSopsConfig,
  resolveCreationRule,
} from './sopsConfig';
export type { SopsCreationPlan } from './sopsConfig';
export { planSopsEncryption } from './plan';
export type { SopsEncryptionPlan, SopsEncryptionPlanOptions } from './plan';
