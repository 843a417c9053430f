import { InputError } from '@backstage/errors';

/**
 * Which values get encrypted: at most one of these may be set; none means
 * `unencrypted_suffix: _unencrypted`. Regexes are unanchored, as in sops.
 * @public
 */
export interface SopsEncryptionRules {
  unencrypted_suffix?: string;
  encrypted_suffix?: string;
  unencrypted_regex?: string;
  encrypted_regex?: string;
  unencrypted_comment_regex?: string;
  encrypted_comment_regex?: string;
  mac_only_encrypted?: boolean;
}

/** The rule field names, in the order sops checks them. @public */
export const SOPS_RULE_FIELDS = [
  'unencrypted_suffix',
  'encrypted_suffix',
  'unencrypted_regex',
  'encrypted_regex',
  'unencrypted_comment_regex',
  'encrypted_comment_regex',
] as const;

export const DEFAULT_UNENCRYPTED_SUFFIX = '_unencrypted';

/** Compiles a Go RE2 pattern to a JS RegExp (leading inline flags supported). */
export function compileGoRegex(pattern: string, field: string): RegExp {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    flags = [...new Set(inline[1].replace('U', ''))].join('');
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new InputError(
      `Invalid ${field} '${pattern}': ${(e as Error).message}`,
    );
  }
}

/** Rules normalised: exactly one rule field set, regexes compiled. */
export interface ResolvedRules {
  fields: SopsEncryptionRules;
  shouldEncrypt(
    path: string[],
    commentStack: string[][],
    isComment: boolean,
  ): boolean;
}

export function resolveRules(rules: SopsEncryptionRules = {}): ResolvedRules {
  const set = SOPS_RULE_FIELDS.filter(
    f => rules[f] !== undefined && rules[f] !== '',
  );
  if (set.length > 1) {
    throw new InputError(
      `Cannot use more than one of ${SOPS_RULE_FIELDS.join(
        ', ',
      )} in the same file (got ${set.join(', ')})`,
    );
  }
  const fields: SopsEncryptionRules = {};
  if (set.length === 0) {
    fields.unencrypted_suffix = DEFAULT_UNENCRYPTED_SUFFIX;
  } else {
    (fields as Record<string, unknown>)[set[0]] = rules[set[0]];
  }
  if (rules.mac_only_encrypted) fields.mac_only_encrypted = true;

  const re = (f: (typeof SOPS_RULE_FIELDS)[number]) =>
    fields[f] ? compileGoRegex(fields[f] as string, f) : undefined;
  const unencryptedRegex = re('unencrypted_regex');
  const encryptedRegex = re('encrypted_regex');
  const unencryptedCommentRegex = re('unencrypted_comment_regex');
  const encryptedCommentRegex = re('encrypted_comment_regex');

  return {
    fields,
    shouldEncrypt(path, commentStack, isComment) {
      if (fields.unencrypted_suffix) {
        return !path.some(p => p.endsWith(fields.unencrypted_suffix!));
      }
      if (fields.encrypted_suffix) {
        return path.some(p => p.endsWith(fields.encrypted_suffix!));
      }
      if (unencryptedRegex) return !path.some(p => unencryptedRegex.test(p));
      if (encryptedRegex) return path.some(p => encryptedRegex.test(p));
      if (unencryptedCommentRegex) {
        return !commentStack.some(cs =>
          cs.some(c => unencryptedCommentRegex.test(c)),
        );
      }
      if (encryptedCommentRegex) {
        const last = commentStack.length - 1;
        return commentStack.some((cs, i) =>
          cs.some(
            (c, j) =>
              // the matching comment line itself stays in plaintext
              !(isComment && i === last && j === cs.length - 1) &&
              encryptedCommentRegex.test(c),
          ),
        );
      }
      return true;
    },
  };
}
