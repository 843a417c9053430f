import { InputError } from '@backstage/errors';
import { parseMetadata } from '../format/metadata';
import {
  SopsBranch,
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsTime,
  SopsTreeItem,
  SopsValue,
} from '../format/tree';
import { requireSingleBranch } from './plain';
import { SopsStore } from './types';

const PREFIX = 'sops_';
const MAP = '__map_';
const LIST = '__list_';

function flatten(value: unknown, key: string, out: [string, string][]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${key}${LIST}${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, `${key}${MAP}${k}`, out);
    }
  } else if (value !== undefined && value !== null) {
    out.push([key, String(value)]);
  }
}

function unflatten(entries: [string, string][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const tokens = key.split(/(?=__map_|__list_)/);
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      let name: string | number = t;
      if (t.startsWith(LIST)) name = Number(t.slice(LIST.length));
      else if (t.startsWith(MAP)) name = t.slice(MAP.length);
      const last = i === tokens.length - 1;
      const next = tokens[i + 1];
      const slot = node as Record<string | number, unknown>;
      if (last) {
        slot[name] = value;
      } else {
        if (slot[name] === undefined)
          slot[name] = next.startsWith(LIST) ? [] : {};
        node = slot[name] as Record<string, unknown>;
      }
    }
  }
  return root;
}

function valueToString(value: SopsValue): string {
  if (typeof value === 'string') return value.replace(/\n/g, '\\n');
  if (Buffer.isBuffer(value))
    return value.toString('utf8').replace(/\n/g, '\\n');
  if (value instanceof SopsInt || value instanceof SopsTime) return value.text;
  if (value instanceof SopsFloat)
    return value.text.includes('.') ? value.text : `${value.text}.0`;
  if (typeof value === 'boolean') return String(value);
  if (value === null) return '';
  throw new InputError('Cannot use a complex value in a dotenv file');
}

/**
 * The dotenv store: `KEY=value` lines, `#` comments, `\n` escapes, the
 * metadata flattened into `sops_...` keys.
 * @public
 */
export class DotenvStore implements SopsStore {
  readonly name = 'dotenv' as const;

  parsePlain(input: Buffer): SopsBranch[] {
    const items: SopsTreeItem[] = [];
    for (const line of input.toString('utf8').split('\n')) {
      if (line.length === 0) continue;
      if (line.startsWith('#')) {
        items.push({ key: new SopsComment(line.slice(1)), value: null });
        continue;
      }
      const pos = line.indexOf('=');
      if (pos === -1) {
        throw new InputError(`Invalid dotenv line ${items.length + 1}: no '='`);
      }
      items.push({
        key: line.slice(0, pos),
        value: line.slice(pos + 1).replace(/\\n/g, '\n'),
      });
    }
    return [new SopsBranch(items)];
  }

  parseEncrypted(input: Buffer) {
    const [branch] = this.parsePlain(input);
    const metaEntries: [string, string][] = [];
    const items = branch.items.filter(item => {
      if (typeof item.key === 'string' && item.key.startsWith(PREFIX)) {
        metaEntries.push([item.key.slice(PREFIX.length), String(item.value)]);
        return false;
      }
      return true;
    });
    return {
      branches: [new SopsBranch(items)],
      metadata:
        metaEntries.length > 0
          ? parseMetadata(unflatten(metaEntries))
          : undefined,
    };
  }

  emitEncrypted(
    branches: SopsBranch[],
    metadata: Record<string, unknown>,
  ): Buffer {
    const flat: [string, string][] = [];
    for (const [k, v] of Object.entries(metadata))
      flatten(v, `${PREFIX}${k}`, flat);
    const branch = requireSingleBranch(branches, 'dotenv');
    const items = [
      ...branch.items,
      ...flat.map(([key, value]) => ({ key, value })),
    ];
    return this.emitPlain([new SopsBranch(items)]);
  }

  emitPlain(branches: SopsBranch[]): Buffer {
    const lines = requireSingleBranch(branches, 'dotenv').items.map(item =>
      item.key instanceof SopsComment
        ? `#${item.key.value}\n`
        : `${item.key}=${valueToString(item.value)}\n`,
    );
    return Buffer.from(lines.join(''), 'utf8');
  }
}
