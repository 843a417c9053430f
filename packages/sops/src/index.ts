/**
 * SOPS encrypt and decrypt for Node, exact to the sops 3.13 file format.
 *
 * @packageDocumentation
 */

export * from './format';
export * from './stores';
export * from './keys';
export * from './config';
export {
  checkSopsPlaintext,
  encryptSops,
  decryptSops,
  isSopsEncrypted,
  validateSopsKeys,
} from './sops';
export type {
  SopsEncryptOptions,
  SopsDecryptOptions,
  SopsDecryptResult,
  SopsValueToSet,
} from './sops';
export { writeFileAtomically } from './files';
