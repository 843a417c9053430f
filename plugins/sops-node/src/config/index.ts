export {
  SOPS_CONFIG_FILE,
  findSopsConfig,
  resolveCreationRule,
} from './sopsConfig';
export type { SopsCreationPlan } from './sopsConfig';
