import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  SOPS_RULE_FIELDS,
  SopsEncryptionRules,
  ignoredSingleValueRules,
  resolveRules,
} from '../format/rules';
import { SopsMasterKeyRef } from '../keys/types';
import { storeNameForPath } from '../stores';
import { SopsStoreName } from '../stores/types';
import {
  SOPS_CONFIG_FILE,
  findSopsConfig,
  resolveCreationRule,
} from './sopsConfig';

/** Options of {@link planSopsEncryption}. @public */
export interface SopsEncryptionPlanOptions {
  /** The file to encrypt (absolute, or relative to the working directory). */
  filePath: string;
  /** Master keys given explicitly (CLI flags, action inputs). */
  keys?: SopsMasterKeyRef[];
  /** Rule fields given explicitly; each one overrides the same field of the creation rule. */
  rules?: SopsEncryptionRules;
  /** The store; default from the file name. */
  inputType?: SopsStoreName;
  /** Where the encrypted file goes; default the file itself. */
  outputPath?: string;
  /** The `.sops.yaml` to use; default: searched upwards from `configSearchDir`. */
  configFile?: string;
  /** Where the search for `.sops.yaml` starts (sops: the working directory). */
  configSearchDir?: string;
  /** The last folder searched (inclusive), e.g. a scaffolder workspace. */
  configSearchStopDir?: string;
  /** Keys used when neither `keys` nor the creation rule name any. */
  defaultKeys?: SopsMasterKeyRef[];
}

/** What {@link planSopsEncryption} decided for one file. @public */
export interface SopsEncryptionPlan {
  filePath: string;
  outputPath: string;
  store: SopsStoreName;
  keys: SopsMasterKeyRef[];
  /** The rule fields written to the file (none for the binary store). */
  rules: SopsEncryptionRules;
  /** The `.sops.yaml` read, if any, and the index of the matching rule. */
  configFile?: string;
  ruleIndex?: number;
  /** What sops would warn about (rule fields ignored for binary files). */
  warnings: string[];
}

/**
 * Decides keys, rules, store and output path for encrypting one file the
 * way `sops encrypt` does: the creation rule of `.sops.yaml` is loaded even
 * when keys are given (its rule fields still apply; no matching rule is an
 * error), explicit rule fields override the rule's field by field, more than
 * one rule field is an error, explicit keys replace the rule's keys, and the
 * binary store ignores every rule field (its one value is always encrypted).
 * Used by the CLI and the `sops:encrypt` action alike.
 * @public
 */
export function planSopsEncryption(
  options: SopsEncryptionPlanOptions,
): SopsEncryptionPlan {
  const filePath = path.resolve(options.filePath);
  const store = options.inputType ?? storeNameForPath(filePath);
  const configFile =
    options.configFile ??
    (options.configSearchDir
      ? findSopsConfig(options.configSearchDir, options.configSearchStopDir)
      : undefined);
  const creation = configFile
    ? resolveCreationRule({
        configText: fs.readFileSync(configFile, 'utf8'),
        configDir: path.dirname(configFile),
        filePath,
      })
    : undefined;

  const merged: SopsEncryptionRules = {};
  for (const f of SOPS_RULE_FIELDS) {
    const value = options.rules?.[f] || creation?.rules[f];
    if (value) merged[f] = value;
  }
  if (options.rules?.mac_only_encrypted || creation?.rules.mac_only_encrypted)
    merged.mac_only_encrypted = true;

  let rules: SopsEncryptionRules;
  let warnings: string[] = [];
  if (store === 'binary') {
    warnings = ignoredSingleValueRules(merged);
    rules = {};
  } else {
    // validates: at most one rule field, regexes compile
    rules = resolveRules(merged).fields;
  }

  let keys = options.keys ?? [];
  if (keys.length === 0) keys = creation?.keys ?? [];
  if (keys.length === 0) keys = options.defaultKeys ?? [];
  if (keys.length === 0) {
    throw new InputError(
      `No master keys for '${filePath}': pass age recipients or GCP KMS keys, or add a ${SOPS_CONFIG_FILE} creation rule with keys${
        configFile ? ` (read ${configFile})` : ''
      }`,
    );
  }
  return {
    filePath,
    outputPath: path.resolve(options.outputPath ?? filePath),
    store,
    keys,
    rules,
    configFile,
    ruleIndex: creation?.ruleIndex,
    warnings,
  };
}
