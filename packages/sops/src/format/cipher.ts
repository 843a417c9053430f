import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsScalar,
  SopsTime,
  formatGoFloat,
  parseGoFloat,
  parseGoBool,
  scalarToBytes,
} from './tree';

const ENC_RE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

/** True when a string has the shape of a sops-encrypted value. */
export function isEncryptedValue(value: string): boolean {
  return ENC_RE.test(value);
}

/**
 * Encrypts one leaf as sops does: AES-256-GCM with a fresh 32-byte IV, the
 * key path as additional data. Empty strings and empty comments stay empty.
 */
export function encryptScalar(
  value: Exclude<SopsScalar, null> | SopsComment,
  dataKey: Uint8Array,
  aad: string,
): string {
  const { bytes, type } = scalarToBytes(value);
  if (bytes.length === 0 && (type === 'str' || type === 'comment')) return '';
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(bytes), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString(
    'base64',
  )},tag:${tag.toString('base64')},type:${type}]`;
}

/** Thrown by {@link decryptScalar}; callers add the key path. */
export class CipherError extends Error {}

/** Decrypts one `ENC[...]` value back to its typed plaintext. */
export function decryptScalar(
  value: string,
  dataKey: Uint8Array,
  aad: string,
): Exclude<SopsScalar, null> | SopsComment {
  if (value === '') return '';
  const m = ENC_RE.exec(value);
  if (!m) throw new CipherError('value is not in the sops ENC[...] format');
  const [, data, iv, tag, type] = m;
  let plain: Buffer;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      dataKey,
      Buffer.from(iv, 'base64'),
    );
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    plain = Buffer.concat([
      decipher.update(Buffer.from(data, 'base64')),
      decipher.final(),
    ]);
  } catch {
    throw new CipherError('AES-GCM authentication failed');
  }
  const text = plain.toString('utf8');
  switch (type) {
    // (no 'bytes': sops never writes it and cannot decrypt it)
    case 'str':
      // Go strings are bytes: keep data that is not valid UTF-8 as a Buffer.
      return Buffer.from(text, 'utf8').equals(plain) ? text : plain;
    case 'int':
      if (!/^[+-]?\d+$/.test(text)) throw new CipherError('invalid int value');
      return new SopsInt(BigInt(text).toString());
    case 'float': {
      const n = parseGoFloat(text);
      if (n === undefined) throw new CipherError('invalid float value');
      return new SopsFloat(formatGoFloat(n));
    }
    case 'bool': {
      const b = parseGoBool(text);
      if (b === undefined) throw new CipherError('invalid bool value');
      return b;
    }
    case 'time':
      return new SopsTime(text);
    case 'comment':
      return new SopsComment(text);
    default:
      throw new CipherError(`unknown value type '${type}'`);
  }
}
