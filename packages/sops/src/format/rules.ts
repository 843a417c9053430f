import { InputError } from '@backstage/errors';
import { RE2JS } from 're2js';

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

/** A compiled Go (RE2) regular expression; `test` finds a match anywhere, as Go's `MatchString`. */
export interface GoRegex {
  readonly source: string;
  test(text: string): boolean;
}

/**
 * Compiles a pattern with RE2 syntax, the regexp dialect of Go and so of
 * sops (`\\z`, `[[:alpha:]]`, `\\pL`, `\\Q...\\E`, inline flags; no
 * lookaround or backreferences). An invalid pattern is an InputError naming
 * the field.
 * @public
 */
export function compileGoRegex(pattern: string, field: string): GoRegex {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new InputError(
      `Invalid ${field} '${pattern}' (Go RE2 syntax): ${(e as Error).message}`,
    );
  }
  return { source: pattern, test: text => re.test(text) };
}

/** Rules normalised: exactly one rule field set, regexes compiled. */
export interface ResolvedRules {
  fields: SopsEncryptionRules;
  /** Compiled `unencrypted_comment_regex`, checked against encrypted comments. */
  unencryptedCommentRegex?: GoRegex;
  shouldEncrypt(
    path: string[],
    commentStack: string[][],
    isComment: boolean,
  ): boolean;
}

/**
 * The rule fields a single-value store (binary) ignores, with the warning
 * sops prints for each; the value is always encrypted there.
 */
export function ignoredSingleValueRules(
  rules: SopsEncryptionRules = {},
): string[] {
  return SOPS_RULE_FIELDS.filter(
    f =>
      f !== 'unencrypted_comment_regex' &&
      rules[f] !== undefined &&
      rules[f] !== '',
  ).map(
    f =>
      `${f} does not apply to the binary store (its one value is always encrypted) and is ignored`,
  );
}

/**
 * Normalises the rule fields. `singleValue` is the binary store: sops drops
 * every rule field there and always encrypts the one value.
 */
export function resolveRules(
  rules: SopsEncryptionRules = {},
  options: { singleValue?: boolean } = {},
): ResolvedRules {
  if (options.singleValue) {
    return { fields: {}, shouldEncrypt: () => true };
  }
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
    unencryptedCommentRegex,
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
