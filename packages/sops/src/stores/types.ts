import { SopsMetadata } from '../format/metadata';
import { SopsBranch } from '../format/tree';

/** All store names (the one list: CLI options, action schema, messages). @public */
export const SOPS_STORE_NAMES = ['yaml', 'json', 'dotenv', 'binary'] as const;

/** The sops store names. @public */
export type SopsStoreName = (typeof SOPS_STORE_NAMES)[number];

/**
 * Reads and writes one file format. Stores only convert between bytes and
 * the tree; the cipher never sees formatting.
 * @public
 */
export interface SopsStore {
  readonly name: SopsStoreName;
  /** Parses a plaintext file into branches (one per YAML document). */
  parsePlain(input: Buffer): SopsBranch[];
  /** Parses an encrypted file; `metadata` is undefined when there is no `sops` block. */
  parseEncrypted(input: Buffer): {
    branches: SopsBranch[];
    metadata: SopsMetadata | undefined;
  };
  /** Writes encrypted branches with the serialised metadata block. */
  emitEncrypted(
    branches: SopsBranch[],
    metadata: Record<string, unknown>,
  ): Buffer;
  /** Writes decrypted branches. */
  emitPlain(branches: SopsBranch[]): Buffer;
}
