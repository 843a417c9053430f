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
 * Resolves the creation rule for a file: `path_regex` is matched against the
 * path relative to the config's folder, the first match wins.
 * @public
 */
export function resolveCreationRule(options: {
  configText: string;
  configDir: string;
  filePath: string;
}): SopsCreationPlan {
  let config: unknown;
  try {
    config = parse(options.configText);
  } catch (e) {
    throw new InputError(
      `Invalid ${SOPS_CONFIG_FILE}: ${(e as Error).message}`,
    );
  }
  const rules = (config as { creation_rules?: unknown })?.creation_rules;
  if (!Array.isArray(rules)) {
    throw new InputError(`${SOPS_CONFIG_FILE} has no creation_rules list`);
  }
  const rel = path
    .relative(
      options.configDir,
      path.resolve(options.configDir, options.filePath),
    )
    .split(path.sep)
    .join('/');
  for (const [index, raw] of rules.entries()) {
    const rule = (raw ?? {}) as Record<string, unknown>;
    if (typeof rule.path_regex === 'string' && rule.path_regex !== '') {
      if (!compileGoRegex(rule.path_regex, 'path_regex').test(rel)) continue;
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
      if (typeof rule[f] === 'string')
        (fields as Record<string, unknown>)[f] = rule[f];
    }
    if (rule.mac_only_encrypted === true) fields.mac_only_encrypted = true;
    return { keys, rules: fields, ruleIndex: index };
  }
  throw new InputError(`No ${SOPS_CONFIG_FILE} creation rule matches '${rel}'`);
}
