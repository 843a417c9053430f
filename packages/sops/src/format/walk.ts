import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  CipherError,
  decryptScalar,
  encryptScalar,
  isEncryptedValue,
} from './cipher';
import { SopsIntegrityError } from './errors';
import { ResolvedRules } from './rules';
import {
  SopsBranch,
  SopsComment,
  SopsScalar,
  SopsValue,
  scalarToBytes,
} from './tree';

/** sha256("sops"): the MAC prefix when `mac_only_encrypted` is set. */
const MAC_ONLY_ENCRYPTED_INIT = createHash('sha256').update('sops').digest();

type Leaf = Exclude<SopsScalar, null> | SopsComment;
type OnLeaf = (leaf: Leaf, path: string[], stack: string[][]) => Leaf | string;

function walkValue(
  value: SopsValue,
  path: string[],
  stack: string[][],
  onLeaf: OnLeaf,
): SopsValue {
  if (value === null) return null;
  if (value instanceof SopsBranch)
    return walkBranch(value, path, stack, onLeaf);
  if (Array.isArray(value)) return walkList(value, path, stack, onLeaf);
  return onLeaf(value, path, stack) as SopsValue;
}

function asComment(result: Leaf | string, inline: boolean): SopsComment {
  if (result instanceof SopsComment) return result;
  return new SopsComment(String(result), inline);
}

function walkList(
  list: SopsValue[],
  path: string[],
  outer: string[][],
  onLeaf: OnLeaf,
): SopsValue[] {
  const stack = [...outer, [] as string[]];
  const top = stack.length - 1;
  return list.map(item => {
    if (item instanceof SopsComment) {
      stack[top] = [...stack[top], item.value];
      return asComment(onLeaf(item, path, stack), item.inline);
    }
    const out = walkValue(item, path, stack, onLeaf);
    stack[top] = [];
    return out;
  });
}

function walkBranch(
  branch: SopsBranch,
  path: string[],
  outer: string[][],
  onLeaf: OnLeaf,
): SopsBranch {
  const stack = [...outer, [] as string[]];
  const top = stack.length - 1;
  return new SopsBranch(
    branch.items.map(item => {
      if (item.key instanceof SopsComment) {
        stack[top] = [...stack[top], item.key.value];
        return {
          key: asComment(onLeaf(item.key, path, stack), item.key.inline),
          value: null,
        };
      }
      if (typeof item.key !== 'string') {
        throw new InputError(
          'The tree contains a non-string key; only string keys are supported',
        );
      }
      const value = walkValue(item.value, [...path, item.key], stack, onLeaf);
      stack[top] = [];
      return { key: item.key, value };
    }),
  );
}

/** The MAC's SHA-512, seeded as sops does for `mac_only_encrypted`. */
function newMacHash(rules: ResolvedRules) {
  const macOnlyEncrypted = !!rules.fields.mac_only_encrypted;
  const hash = createHash('sha512');
  if (macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  return { macOnlyEncrypted, hash };
}

function macOf(hash: ReturnType<typeof createHash>): string {
  return hash.digest('hex').toUpperCase();
}

/**
 * Encrypts every branch (YAML documents) in place order; returns the new
 * branches and the plaintext MAC (128 uppercase hex characters).
 */
export function encryptBranches(
  branches: SopsBranch[],
  dataKey: Uint8Array,
  rules: ResolvedRules,
  /** Told, for every value (not comment), whether it is encrypted. */
  observe?: (doc: number, path: string[], encrypted: boolean) => void,
): { branches: SopsBranch[]; mac: string } {
  const { macOnlyEncrypted, hash } = newMacHash(rules);
  const out = branches.map((b, doc) =>
    walkBranch(b, [], [], (leaf, path, stack) => {
      const isComment = leaf instanceof SopsComment;
      const encrypted = rules.shouldEncrypt(path, stack, isComment);
      if (!isComment) observe?.(doc, path, encrypted);
      if (!isComment && (!macOnlyEncrypted || encrypted)) {
        hash.update(scalarToBytes(leaf).bytes);
      }
      if (!encrypted) return leaf;
      const enc = encryptScalar(leaf, dataKey, `${path.join(':')}:`);
      if (isComment && rules.unencryptedCommentRegex?.test(enc)) {
        throw new InputError(
          'An encrypted comment matches unencrypted_comment_regex; make sure that regex cannot match an encrypted comment',
        );
      }
      return isComment ? new SopsComment(enc, leaf.inline) : enc;
    }),
  );
  return { branches: out, mac: macOf(hash) };
}

/**
 * Decrypts every branch; returns the plaintext branches and the MAC computed
 * over them. Value failures name the key path and the cause, never a value.
 */
export function decryptBranches(
  branches: SopsBranch[],
  dataKey: Uint8Array,
  rules: ResolvedRules,
  /** Told about a comment left in plaintext where it should be encrypted. */
  onPlainComment?: () => void,
): { branches: SopsBranch[]; mac: string } {
  const { macOnlyEncrypted, hash } = newMacHash(rules);
  const out = branches.map(b =>
    walkBranch(b, [], [], (leaf, path, stack) => {
      const isComment = leaf instanceof SopsComment;
      const encrypted = rules.shouldEncrypt(path, stack, isComment);
      let plain: Leaf = leaf;
      if (encrypted && isComment) {
        if (!isEncryptedValue(leaf.value)) onPlainComment?.();
        plain = decryptComment(leaf, path, dataKey);
      } else if (encrypted) {
        if (typeof leaf !== 'string') {
          throw new SopsIntegrityError(
            'value-authentication',
            `Expected an encrypted value at '${path.join(
              ':',
            )}:' but found a plain ${
              scalarToBytes(leaf).type
            }; the file was altered`,
          );
        }
        try {
          plain = decryptScalar(leaf, dataKey, `${path.join(':')}:`);
        } catch (e) {
          throw new SopsIntegrityError(
            'value-authentication',
            `Could not decrypt the value at '${path.join(':')}:' (${
              (e as Error).message
            }): ` +
              'the value was changed, moved from another key, or the data key is wrong',
          );
        }
      }
      if (!(plain instanceof SopsComment) && (!macOnlyEncrypted || encrypted)) {
        hash.update(scalarToBytes(plain).bytes);
      }
      return plain;
    }),
  );
  return { branches: out, mac: macOf(hash) };
}

/**
 * Comments are not covered by the MAC; sops keeps one that does not decrypt
 * as it is (files from older versions have plaintext comments). Parsers
 * attach comments to slightly different levels, so the enclosing paths are
 * tried too.
 */
function decryptComment(
  comment: SopsComment,
  path: string[],
  dataKey: Uint8Array,
): SopsComment {
  if (!isEncryptedValue(comment.value)) return comment;
  for (let n = path.length; n >= 0; n--) {
    try {
      const plain = decryptScalar(
        comment.value,
        dataKey,
        `${path.slice(0, n).join(':')}:`,
      );
      if (plain instanceof SopsComment)
        return new SopsComment(plain.value, comment.inline);
      return comment;
    } catch (e) {
      if (!(e instanceof CipherError)) throw e;
    }
  }
  return comment;
}
