import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { parse } from 'yaml';
import {
  SOPS_RULE_FIELDS,
  SopsEncryptionRules,
  compileGoRegex,
} from '../format/rules';
import { SopsMasterKeyRef } from '../keys/types';

/** The name sops looks for. @public */
export const SOPS_CONFIG_FILE = '.sops.yaml';

/** What a creation rule decides for one file. @public */
export interface SopsCreationPlan {
  /** The master keys (one key group). */
  keys: SopsMasterKeyRef[];
  rules: SopsEncryptionRules;
  /** Index of the matching rule in `creation_rules`. */
  ruleIndex: number;
}

/**
 * Finds the nearest `.sops.yaml` from `startDir` upwards (stopping at
 * `stopDir` when given, inclusive).
 * @public
 */
export function findSopsConfig(
  startDir: string,
  stopDir?: string,
): string | undefined {
  let dir = path.resolve(startDir);
  const stop = stopDir ? path.resolve(stopDir) : undefined;
  for (;;) {
    const candidate = path.join(dir, SOPS_CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) return undefined;
    dir = parent;
  }
}

function splitKeys(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    return value
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(value)) {
    return value.flatMap(v => {
      if (typeof v === 'string') return splitKeys(v, field);
      if (
        v &&
        typeof v === 'object' &&
        typeof (v as Record<string, unknown>).resource_id === 'string'
      ) {
        return [(v as Record<string, string>).resource_id];
      }
      throw new InputError(`Invalid ${field} entry in ${SOPS_CONFIG_FILE}`);
    });
  }
  throw new InputError(`Invalid ${field} in ${SOPS_CONFIG_FILE}`);
}

function keysOf(group: Record<string, unknown>): SopsMasterKeyRef[] {
  return [
    ...splitKeys(group.age, 'age').map(id => ({ type: 'age' as const, id })),
    ...splitKeys(group.gcp_kms, 'gcp_kms').map(id => ({
      type: 'gcp_kms' as const,
      id,
    })),
    ...splitKeys(group.pgp, 'pgp').map(id => ({ type: 'pgp' as const, id })),
  ];
}

/**
 * Resolves the creation rule for a file as sops does: an absolute file path
 * inside the config's folder is made relative to it, `path_regex` (Go RE2,
 * unanchored) is matched against that, a rule without `path_regex` matches
 * everything, and the first match wins. A config without `creation_rules`
 * counts as no config (undefined); a config whose rules all miss is an
 * error, as in sops.
 * @public
 */
export function resolveCreationRule(options: {
  configText: string;
  configDir: string;
  filePath: string;
}): SopsCreationPlan | undefined {
  let config: unknown;
  try {
    config = parse(options.configText);
  } catch (e) {
    throw new InputError(
      `Invalid ${SOPS_CONFIG_FILE}: ${(e as Error).message}`,
    );
  }
  const rules = (config as { creation_rules?: unknown } | null)?.creation_rules;
  if (rules === undefined || rules === null) return undefined;
  if (!Array.isArray(rules)) {
    throw new InputError(`${SOPS_CONFIG_FILE}: creation_rules must be a list`);
  }
  const configDir = path.resolve(options.configDir);
  const absolute = path.resolve(configDir, options.filePath);
  const rel = absolute.startsWith(configDir + path.sep)
    ? absolute.slice(configDir.length + 1)
    : absolute;
  for (const [index, raw] of rules.entries()) {
    const rule = (raw ?? {}) as Record<string, unknown>;
    if (typeof rule.path_regex === 'string' && rule.path_regex !== '') {
      const re = compileGoRegex(
        rule.path_regex,
        `path_regex of ${SOPS_CONFIG_FILE} rule ${index + 1}`,
      );
      if (!re.test(rel)) continue;
    }
    let keys: SopsMasterKeyRef[];
    if (Array.isArray(rule.key_groups) && rule.key_groups.length > 0) {
      if (rule.key_groups.length > 1) {
        throw new InputError(
          `${SOPS_CONFIG_FILE} rule ${index + 1} has ${
            rule.key_groups.length
          } key_groups (Shamir secret sharing), which is not supported`,
        );
      }
      keys = keysOf(rule.key_groups[0] as Record<string, unknown>);
    } else {
      keys = keysOf(rule);
    }
    const fields: SopsEncryptionRules = {};
    for (const f of SOPS_RULE_FIELDS) {
      if (typeof rule[f] === 'string' && rule[f] !== '')
        (fields as Record<string, unknown>)[f] = rule[f];
    }
    const set = SOPS_RULE_FIELDS.filter(f => fields[f] !== undefined);
    if (set.length > 1) {
      throw new InputError(
        `${SOPS_CONFIG_FILE} rule ${index + 1} sets ${set.join(
          ' and ',
        )}; a rule may use only one of ${SOPS_RULE_FIELDS.join(', ')}`,
      );
    }
    if (rule.mac_only_encrypted === true) fields.mac_only_encrypted = true;
    return { keys, rules: fields, ruleIndex: index };
  }
  throw new InputError(
    `No creation rule in ${SOPS_CONFIG_FILE} matches '${rel}' (sops refuses such a file too): add a rule whose path_regex matches it`,
  );
}
