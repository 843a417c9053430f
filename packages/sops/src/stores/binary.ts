import { InputError } from '@backstage/errors';
import { SopsBranch } from '../format/tree';
import { JsonStore } from './json';
import { requireSingleBranch } from './plain';
import { SopsStore } from './types';

/**
 * The binary store: the whole file is one value under `data`, the encrypted
 * file is a JSON envelope `{"data": "ENC[...]", "sops": {...}}`.
 * @public
 */
export class BinaryStore implements SopsStore {
  readonly name = 'binary' as const;
  private readonly json = new JsonStore();

  parsePlain(input: Buffer): SopsBranch[] {
    const text = input.toString('utf8');
    const value = Buffer.from(text, 'utf8').equals(input)
      ? text
      : Buffer.from(input);
    return [new SopsBranch([{ key: 'data', value }])];
  }

  parseEncrypted(input: Buffer) {
    return this.json.parseEncrypted(input);
  }

  emitEncrypted(
    branches: SopsBranch[],
    metadata: Record<string, unknown>,
  ): Buffer {
    return this.json.emitEncrypted(branches, metadata);
  }

  emitPlain(branches: SopsBranch[]): Buffer {
    const data = requireSingleBranch(branches, 'binary').get('data');
    if (data === undefined)
      throw new InputError('No binary data found in the tree');
    if (Buffer.isBuffer(data)) return data;
    if (typeof data === 'string') return Buffer.from(data, 'utf8');
    throw new InputError('The binary data is not a string');
  }
}
