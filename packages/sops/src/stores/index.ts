import { InputError } from '@backstage/errors';
import { BinaryStore } from './binary';
import { DotenvStore } from './dotenv';
import { JsonStore } from './json';
import { SOPS_STORE_NAMES, SopsStore, SopsStoreName } from './types';
import { YamlStore, YamlStoreOptions } from './yaml';

export type { SopsStore, SopsStoreName } from './types';
export type { YamlStoreOptions } from './yaml';
export { BinaryStore } from './binary';
export { DotenvStore } from './dotenv';
export { JsonStore } from './json';
export { YamlStore } from './yaml';

export { SOPS_STORE_NAMES } from './types';

/** Creates a store by name; an unknown name is an InputError. @public */
export function createSopsStore(
  name: string,
  options: YamlStoreOptions = {},
): SopsStore {
  switch (name) {
    case 'yaml':
      return new YamlStore(options);
    case 'json':
      return new JsonStore();
    case 'dotenv':
      return new DotenvStore();
    case 'binary':
      return new BinaryStore();
    default:
      throw new InputError(
        `Unknown store '${name}'; expected one of ${SOPS_STORE_NAMES.join(
          ', ',
        )}`,
      );
  }
}

/** The store sops would pick from a file name. @public */
export function storeNameForPath(filePath: string): SopsStoreName {
  if (/\.ya?ml$/i.test(filePath)) return 'yaml';
  if (/\.json$/i.test(filePath)) return 'json';
  if (/\.env$/i.test(filePath) || /(^|\/)\.env$/.test(filePath))
    return 'dotenv';
  return 'binary';
}
