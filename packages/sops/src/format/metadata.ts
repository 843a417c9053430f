import { InputError } from '@backstage/errors';
import { SOPS_RULE_FIELDS, SopsEncryptionRules } from './rules';
import { parseGoBool } from './tree';

/** The sops version we write; must be valid semver. @public */
export const SOPS_FORMAT_VERSION = '3.13.2';

/** An age master key entry. @public */
export interface SopsAgeEntry {
  recipient: string;
  enc: string;
}

/** A GCP KMS master key entry. @public */
export interface SopsGcpKmsEntry {
  resource_id: string;
  created_at: string;
  enc: string;
}

/** A PGP master key entry. @public */
export interface SopsPgpEntry {
  created_at: string;
  enc: string;
  fp: string;
}

/** One key group: every master key in it wraps the same data key. @public */
export interface SopsKeyGroup {
  age?: SopsAgeEntry[];
  gcp_kms?: SopsGcpKmsEntry[];
  pgp?: SopsPgpEntry[];
  /** Key types we cannot open (kms, azure_kv, hc_vault, hckms), kept by name. */
  [other: string]: unknown;
}

/**
 * The `sops` metadata block, as written in the file.
 * @public
 */
export interface SopsMetadata extends SopsEncryptionRules, SopsKeyGroup {
  key_groups?: SopsKeyGroup[];
  shamir_threshold?: number;
  lastmodified: string;
  mac?: string;
  version: string;
}

const RFC3339_RE =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The additional data sops uses for the MAC: `lastmodified` re-parsed and
 * re-formatted with Go's RFC3339 layout (fraction dropped, zero offset `Z`).
 */
export function lastModifiedAad(lastmodified: string): string {
  const m = RFC3339_RE.exec(lastmodified);
  if (!m) {
    throw new InputError(
      `The sops metadata has an invalid lastmodified timestamp '${lastmodified}'`,
    );
  }
  const [, date, time, , zone] = m;
  const z =
    zone.toUpperCase() === 'Z' || zone === '+00:00' || zone === '-00:00'
      ? 'Z'
      : zone;
  return `${date}T${time}${z}`;
}

/** Go RFC3339 in UTC, no fraction: `2026-05-22T20:16:23Z`. @public */
export function formatSopsTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Key groups of a metadata block: `key_groups` or the flat lists as one group. */
export function metadataKeyGroups(meta: SopsMetadata): SopsKeyGroup[] {
  if (meta.key_groups && meta.key_groups.length > 0) return meta.key_groups;
  const group: SopsKeyGroup = {};
  for (const [k, v] of Object.entries(meta)) {
    if (Array.isArray(v) && !['key_groups'].includes(k)) group[k] = v;
  }
  return [group];
}

/** Encryption rules recorded in a metadata block. */
export function metadataRules(meta: SopsMetadata): SopsEncryptionRules {
  const rules: SopsEncryptionRules = {};
  for (const f of SOPS_RULE_FIELDS) {
    if (typeof meta[f] === 'string' && meta[f] !== '') {
      (rules as Record<string, unknown>)[f] = meta[f];
    }
  }
  // dotenv flattens it to text, which sops reads with Go's ParseBool
  const macOnly = meta.mac_only_encrypted as unknown;
  if (
    macOnly === true ||
    (typeof macOnly === 'string' && parseGoBool(macOnly) === true)
  )
    rules.mac_only_encrypted = true;
  return rules;
}

/**
 * Validates and normalises a parsed metadata object (from YAML, JSON or an
 * unflattened dotenv file).
 */
export function parseMetadata(raw: unknown): SopsMetadata {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('The sops metadata block is missing or not a mapping');
  }
  const meta = {
    ...(raw as Record<string, unknown>),
  } as unknown as SopsMetadata;
  if (typeof meta.lastmodified !== 'string') {
    throw new InputError('The sops metadata has no lastmodified timestamp');
  }
  if (
    meta.version === undefined ||
    meta.version === null ||
    meta.version === ''
  ) {
    // sops refuses such a file too ("Version string empty")
    throw new InputError('The sops metadata has no version');
  }
  meta.version = String(meta.version);
  if (typeof meta.shamir_threshold === 'string') {
    meta.shamir_threshold = Number(meta.shamir_threshold);
  }
  // Empty lists and nulls (`kms: []`, `kms: null`) carry nothing.
  for (const [k, v] of Object.entries(meta)) {
    if (v === null || (Array.isArray(v) && v.length === 0)) {
      delete (meta as Record<string, unknown>)[k];
    }
  }
  return meta;
}

/**
 * The metadata block in the order and shape sops writes it: keys sorted,
 * empty lists dropped, one rule field, `mac_only_encrypted` only when true.
 */
export function serializeMetadata(meta: SopsMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(meta).sort()) {
    const v = (meta as Record<string, unknown>)[key];
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  return out;
}
