import { InputError } from '@backstage/errors';
import { KeySource, SopsKeyType } from './types';

/**
 * The key sources available to one encrypt or decrypt call, by type.
 * @public
 */
export class KeySourceRegistry {
  private readonly sources = new Map<SopsKeyType, KeySource>();

  constructor(sources: KeySource[] = []) {
    for (const s of sources) this.sources.set(s.type, s);
  }

  get(type: SopsKeyType): KeySource | undefined {
    return this.sources.get(type);
  }

  require(type: SopsKeyType): KeySource {
    const s = this.sources.get(type);
    if (!s)
      throw new InputError(`No key source is configured for ${type} keys`);
    return s;
  }
}
