import { InputError } from '@backstage/errors';
import { SopsMetadata, parseMetadata } from '../format/metadata';
import {
  SopsBranch,
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsTime,
  SopsValue,
  formatGoFloat,
} from '../format/tree';

/** Converts a tree value to plain JS (comments dropped); used for metadata. */
export function toPlain(value: SopsValue): unknown {
  if (value instanceof SopsBranch) {
    const out: Record<string, unknown> = {};
    for (const item of value.items) {
      if (typeof item.key === 'string') out[item.key] = toPlain(item.value);
    }
    return out;
  }
  if (Array.isArray(value)) {
    return value.filter(v => !(v instanceof SopsComment)).map(toPlain);
  }
  if (value instanceof SopsInt) return Number(value.text);
  if (value instanceof SopsFloat) return Number(value.text);
  if (value instanceof SopsTime) return value.text;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof SopsComment) return undefined;
  return value;
}

/** Converts plain JS (metadata) to a tree value. */
export function fromPlain(value: unknown): SopsValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object') {
    return new SopsBranch(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
        key,
        value: fromPlain(v),
      })),
    );
  }
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? new SopsInt(String(value))
      : new SopsFloat(formatGoFloat(value));
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/**
 * Removes the top-level `sops` key from every branch; the first one found is
 * the metadata (as sops reads it).
 */
export function extractMetadata(branches: SopsBranch[]): {
  branches: SopsBranch[];
  metadata: SopsMetadata | undefined;
} {
  let metadata: SopsMetadata | undefined;
  const out = branches.map(b => {
    const item = b.items.find(i => i.key === 'sops');
    if (item && metadata === undefined)
      metadata = parseMetadata(toPlain(item.value));
    return item ? new SopsBranch(b.items.filter(i => i !== item)) : b;
  });
  return { branches: out, metadata };
}

export function requireSingleBranch(
  branches: SopsBranch[],
  store: string,
): SopsBranch {
  if (branches.length !== 1) {
    throw new InputError(`The ${store} store holds exactly one document`);
  }
  return branches[0];
}
