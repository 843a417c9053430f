/** Key types we can open. @public */
export type SopsKeyType = 'age' | 'gcp_kms' | 'pgp';

/** A master key reference: age recipient, GCP CryptoKey resource id, or PGP fingerprint. @public */
export interface SopsMasterKeyRef {
  type: SopsKeyType;
  id: string;
}

/** A metadata entry as stored in the file (`{recipient, enc}`, `{resource_id, created_at, enc}`, ...). @public */
export type SopsKeyEntry = Record<string, string>;

/**
 * One way of wrapping and unwrapping the 32-byte data key. Sources never log
 * or return key material other than the wrapped `enc`.
 * @public
 */
export interface KeySource {
  readonly type: SopsKeyType;
  /** The key id an entry refers to (for messages and matching). */
  entryId(entry: SopsKeyEntry): string;
  /** Throws an InputError when the id cannot be a key of this type. */
  validate(id: string): void;
  /** Wraps the data key; absent for decrypt-only sources. */
  wrap?(dataKey: Uint8Array, id: string): Promise<SopsKeyEntry>;
  /** Unwraps the data key from an entry; throws when this source cannot. */
  unwrap(entry: SopsKeyEntry): Promise<Uint8Array>;
}
