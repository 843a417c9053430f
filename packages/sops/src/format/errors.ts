import { CustomErrorBase } from '@backstage/errors';

/**
 * Why a SOPS file could not be decrypted. Messages name the cause and the
 * place (a key path), never a value.
 * @public
 */
export type SopsIntegrityFailure =
  | 'value-authentication' // a value was changed, moved to another key, or the data key is wrong
  | 'mac-authentication' // the MAC or `lastmodified` was changed
  | 'mac-mismatch' // the values no longer match the MAC
  | 'mac-missing'; // the file has no MAC and that was not allowed

/**
 * A SOPS file failed its integrity checks.
 * @public
 */
export class SopsIntegrityError extends CustomErrorBase {
  name = 'SopsIntegrityError' as const;
  readonly failure: SopsIntegrityFailure;

  constructor(failure: SopsIntegrityFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}

/**
 * No configured key source could unwrap the data key.
 * @public
 */
export class SopsKeyError extends CustomErrorBase {
  name = 'SopsKeyError' as const;
}
