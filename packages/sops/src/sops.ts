import { randomBytes } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { decryptScalar, encryptScalar } from './format/cipher';
import { SopsIntegrityError, SopsKeyError } from './format/errors';
import {
  SOPS_FORMAT_VERSION,
  SopsKeyGroup,
  SopsMetadata,
  formatSopsTimestamp,
  lastModifiedAad,
  metadataKeyGroups,
  metadataRules,
  serializeMetadata,
} from './format/metadata';
import {
  ResolvedRules,
  SOPS_RULE_FIELDS,
  SopsEncryptionRules,
  ignoredSingleValueRules,
  resolveRules,
} from './format/rules';
import { SopsBranch, SopsValue } from './format/tree';
import { decryptBranches, encryptBranches } from './format/walk';
import { KeySourceRegistry } from './keys/registry';
import { SopsKeyEntry, SopsKeyType, SopsMasterKeyRef } from './keys/types';
import { createSopsStore } from './stores';
import { SopsStore, SopsStoreName } from './stores/types';

const KEY_TYPES: SopsKeyType[] = ['age', 'gcp_kms', 'pgp'];

/** Options of {@link encryptSops}. @public */
export interface SopsEncryptOptions {
  /** The plaintext file. */
  input: Buffer | string;
  /** The store (format) of the file. */
  store: SopsStoreName | SopsStore;
  /** The store of the encrypted file (sops `--output-type`); default `store`. */
  outputStore?: SopsStoreName | SopsStore;
  /** Master keys; each one wraps the same data key (one key group). */
  keys: SopsMasterKeyRef[];
  /** Which values to encrypt; default `unencrypted_suffix: _unencrypted`. */
  rules?: SopsEncryptionRules;
  keySources: KeySourceRegistry;
  /**
   * Values set (in memory) before encryption, e.g. from scaffolder secrets:
   * a key path into the first document, the value and a name for messages
   * (never the value). Encryption is refused when the rules would leave one
   * of them in plaintext.
   */
  values?: SopsValueToSet[];
  /** Told about options sops would warn about (e.g. rules on a binary file). */
  onWarning?: (message: string) => void;
  /** Clock for `lastmodified` (tests). */
  now?: Date;
}

/** A value set by key path before encryption. @public */
export interface SopsValueToSet {
  path: string[];
  value: string;
  /** Named in errors instead of the value, e.g. the template secret's name. */
  name?: string;
}

/** Options of {@link decryptSops}. @public */
export interface SopsDecryptOptions {
  input: Buffer | string;
  store: SopsStoreName | SopsStore;
  keySources: KeySourceRegistry;
  /** Accept a file without MAC (sops `--ignore-mac`). Default false. */
  allowMissingMac?: boolean;
  /**
   * Told what sops warns about: a comment in plaintext where the rules
   * encrypt comments (added by hand, or an older sops; comments are not in
   * the MAC).
   */
  onWarning?: (message: string) => void;
}

/** Result of {@link decryptSops}. @public */
export interface SopsDecryptResult {
  output: Buffer;
  branches: SopsBranch[];
  metadata: SopsMetadata;
  /** The master key that opened the data key. */
  openedWith: SopsMasterKeyRef;
}

function toStore(store: SopsStoreName | SopsStore): SopsStore {
  return typeof store === 'string' ? createSopsStore(store) : store;
}

function toBuffer(input: Buffer | string): Buffer {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/** True when the input already carries sops metadata. @public */
export function isSopsEncrypted(
  input: Buffer | string,
  store: SopsStoreName | SopsStore,
): boolean {
  const s = toStore(store);
  const buf = toBuffer(input);
  try {
    if (s.name === 'binary') {
      return createSopsStore('json').parseEncrypted(buf).metadata !== undefined;
    }
    return s.parseEncrypted(buf).metadata !== undefined;
  } catch (e) {
    if (s.name === 'binary') return false;
    throw e;
  }
}

/**
 * Checks every key id against its key source, without calling any KMS.
 * @public
 */
export function validateSopsKeys(
  keys: SopsMasterKeyRef[],
  keySources: KeySourceRegistry,
): void {
  if (keys.length === 0) {
    throw new InputError(
      'No master keys given: pass age recipients or GCP KMS keys, or add a .sops.yaml creation rule',
    );
  }
  for (const key of keys) {
    const source = keySources.require(key.type);
    source.validate(key.id);
    if (!source.wrap)
      throw new InputError(
        `${key.type} keys can only decrypt in this implementation`,
      );
  }
}

/**
 * Encrypts a file exactly as sops 3.13 does, so `sops -d` and Flux accept it.
 * @public
 */
export async function encryptSops(
  options: SopsEncryptOptions,
): Promise<Buffer> {
  const store = toStore(options.store);
  const input = toBuffer(options.input);
  if (isSopsEncrypted(input, store)) {
    throw new InputError('The file is already encrypted with sops');
  }
  validateSopsKeys(options.keys, options.keySources);
  if (store.name === 'binary') {
    ignoredSingleValueRules(options.rules).forEach(w => options.onWarning?.(w));
  }
  const { plain, rules } = prepare(store, input, options);
  const dataKey = randomBytes(32);
  try {
    const { branches, mac } = encryptChecked(plain, dataKey, rules, options);
    const group: Record<string, SopsKeyEntry[]> = {};
    for (const key of options.keys) {
      const entry = await options.keySources.require(key.type).wrap!(
        dataKey,
        key.id,
      );
      (group[key.type] ??= []).push(entry);
    }
    const lastmodified = formatSopsTimestamp(options.now ?? new Date());
    const metadata: SopsMetadata = {
      ...group,
      ...rules.fields,
      lastmodified,
      mac: encryptScalar(mac, dataKey, lastmodified),
      version: SOPS_FORMAT_VERSION,
    };
    return toStore(options.outputStore ?? store).emitEncrypted(
      branches,
      serializeMetadata(metadata),
    );
  } finally {
    dataKey.fill(0);
  }
}

async function openDataKey(
  group: SopsKeyGroup,
  keySources: KeySourceRegistry,
): Promise<{ dataKey: Uint8Array; openedWith: SopsMasterKeyRef }> {
  const failures: string[] = [];
  const unsupported = Object.keys(group).filter(
    k => !KEY_TYPES.includes(k as SopsKeyType) && Array.isArray(group[k]),
  );
  for (const type of KEY_TYPES) {
    const entries = (group[type] as SopsKeyEntry[] | undefined) ?? [];
    const source = keySources.get(type);
    for (const entry of entries) {
      if (!source) {
        failures.push(`${type}: no key source configured`);
        break;
      }
      const id = source.entryId(entry);
      try {
        const dataKey = await source.unwrap(entry);
        if (dataKey.length !== 32)
          throw new SopsKeyError('the unwrapped data key is not 32 bytes');
        return { dataKey, openedWith: { type, id } };
      } catch (e) {
        if (!(e instanceof SopsKeyError)) throw e;
        failures.push(`${type} ${id}: ${e.message}`);
      }
    }
  }
  for (const u of unsupported) failures.push(`${u}: key type not supported`);
  throw new SopsKeyError(
    `Could not decrypt the data key with any master key (wrong or missing key): ${
      failures.join('; ') || 'no master keys in the file'
    }`,
  );
}

/**
 * Decrypts a sops file and verifies its MAC.
 * @public
 */
export async function decryptSops(
  options: SopsDecryptOptions,
): Promise<SopsDecryptResult> {
  const store = toStore(options.store);
  const { branches, metadata } = store.parseEncrypted(toBuffer(options.input));
  if (!metadata) {
    throw new InputError(
      'The file is not encrypted with sops (no sops metadata)',
    );
  }
  const groups = metadataKeyGroups(metadata);
  if (groups.length > 1) {
    throw new InputError(
      `The file uses ${groups.length} key groups (Shamir secret sharing), which is not supported`,
    );
  }
  const rules = resolveRules(metadataRules(metadata));
  const { dataKey, openedWith } = await openDataKey(
    groups[0],
    options.keySources,
  );
  try {
    let plainComments = 0;
    const result = decryptBranches(branches, dataKey, rules, () => {
      plainComments++;
    });
    if (plainComments > 0) {
      options.onWarning?.(
        `Found ${plainComments} comment(s) in plaintext where they should be encrypted; expected only for files written by an older sops (comments are not covered by the MAC)`,
      );
    }
    if (!metadata.mac) {
      if (!options.allowMissingMac) {
        throw new SopsIntegrityError(
          'mac-missing',
          'The file has no MAC, so its integrity cannot be verified; refusing to decrypt (allowMissingMac overrides)',
        );
      }
    } else {
      let fileMac: unknown;
      try {
        fileMac = decryptScalar(
          metadata.mac,
          dataKey,
          lastModifiedAad(metadata.lastmodified),
        );
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new SopsIntegrityError(
          'mac-authentication',
          'The MAC could not be authenticated: lastmodified or the MAC was changed',
        );
      }
      if (fileMac !== result.mac) {
        throw new SopsIntegrityError(
          'mac-mismatch',
          'MAC mismatch: the file content no longer matches its MAC (a value was changed, added or removed)',
        );
      }
    }
    return {
      output: store.emitPlain(result.branches),
      branches: result.branches,
      metadata,
      openedWith,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Parses the plaintext, sets the values and resolves the rules. */
function prepare(
  store: SopsStore,
  input: Buffer,
  options: Pick<SopsEncryptOptions, 'rules' | 'values'>,
) {
  const rules = resolveRules(options.rules, {
    singleValue: store.name === 'binary',
  });
  const plain = store.parsePlain(input);
  if (options.values?.length) {
    if (store.name === 'binary') {
      throw new InputError('Values cannot be set by key path in a binary file');
    }
    plain[0] = setTreeValues(
      plain[0] ?? new SopsBranch(),
      options.values,
      store.name,
    );
  }
  return { plain, rules };
}

/** Encrypts; refuses when a value set by key path would stay in plaintext. */
function encryptChecked(
  plain: SopsBranch[],
  dataKey: Uint8Array,
  rules: ResolvedRules,
  options: Pick<SopsEncryptOptions, 'values'>,
) {
  const plaintextPaths = new Set<string>();
  const result = encryptBranches(plain, dataKey, rules, (doc, path, enc) => {
    if (doc === 0 && !enc) plaintextPaths.add(JSON.stringify(path));
  });
  for (const v of options.values ?? []) {
    if (plaintextPaths.has(JSON.stringify(v.path))) {
      throw new InputError(
        `The value ${v.name ? `of '${v.name}' ` : ''}at key path '${v.path.join(
          '.',
        )}' would be written in plaintext: ${describeRule(
          rules,
        )} does not encrypt it. Set the value under a key the rule encrypts, or change the rule`,
      );
    }
  }
  return result;
}

/**
 * Checks a plaintext file without keys or KMS (dry runs): it parses, the
 * values can be set, and none of them would stay in plaintext.
 * @public
 */
export function checkSopsPlaintext(
  options: Pick<SopsEncryptOptions, 'input' | 'store' | 'rules' | 'values'>,
): void {
  const store = toStore(options.store);
  const input = toBuffer(options.input);
  if (isSopsEncrypted(input, store)) {
    throw new InputError('The file is already encrypted with sops');
  }
  const { plain, rules } = prepare(store, input, options);
  const throwaway = randomBytes(32);
  try {
    encryptChecked(plain, throwaway, rules, options);
  } finally {
    throwaway.fill(0);
  }
}

function describeRule(rules: ResolvedRules): string {
  const field = SOPS_RULE_FIELDS.find(f => rules.fields[f] !== undefined);
  return field ? `the rule ${field} '${rules.fields[field]}'` : 'the rules';
}

function setTreeValues(
  root: SopsBranch,
  values: SopsValueToSet[],
  storeName: string,
): SopsBranch {
  for (const { path, value } of values) {
    if (path.length === 0 || path.some(p => p === '')) {
      throw new InputError('A value key path must not be empty');
    }
    if (storeName === 'dotenv' && path.length !== 1) {
      throw new InputError(
        `dotenv keys are flat; '${path.join('.')}' is nested`,
      );
    }
    let branch = root;
    path.forEach((key, i) => {
      const item = branch.items.find(it => it.key === key);
      if (i === path.length - 1) {
        if (item) item.value = value;
        else branch.items.push({ key, value });
        return;
      }
      let next: SopsValue | undefined = item?.value;
      if (next === undefined || next === null) {
        next = new SopsBranch();
        if (item) item.value = next;
        else branch.items.push({ key, value: next });
      }
      if (!(next instanceof SopsBranch)) {
        throw new InputError(
          `Cannot set '${path.join('.')}': '${key}' is not a mapping`,
        );
      }
      branch = next;
    });
  }
  return root;
}
