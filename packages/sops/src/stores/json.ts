import { InputError } from '@backstage/errors';
import {
  SopsBranch,
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsTime,
  SopsValue,
  numberFromText,
} from '../format/tree';
import { extractMetadata, fromPlain, requireSingleBranch } from './plain';
import { SopsStore } from './types';

const ESCAPE_RE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * A small JSON parser that keeps key order (including integer-like keys) and
 * the source text of numbers, so ints and floats are told apart like sops's
 * `json.Decoder.UseNumber()` does.
 */
export function parseJsonTree(text: string): SopsValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new InputError(`Invalid JSON: ${what} at offset ${pos}`);
  };
  const ws = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const parseString = (): string => {
    // a loop, not one regex: a regex over a 10 MB string overflows the stack
    const start = pos;
    let i = pos + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) return fail('bad string');
      if (c === 0x22) break;
      if (c === 0x5c) {
        ESCAPE_RE.lastIndex = i;
        if (!ESCAPE_RE.test(text)) return fail('bad escape in string');
        i = ESCAPE_RE.lastIndex;
      } else i++;
    }
    pos = i + 1;
    return JSON.parse(text.slice(start, pos));
  };
  const value = (): SopsValue => {
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const branch = new SopsBranch();
      ws();
      if (text[pos] === '}') {
        pos++;
        return branch;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail('expected a string key');
        const key = parseString();
        ws();
        if (text[pos++] !== ':') fail("expected ':'");
        branch.items.push({ key, value: value() });
        ws();
        const sep = text[pos++];
        if (sep === '}') return branch;
        if (sep !== ',') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const list: SopsValue[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return list;
      }
      for (;;) {
        list.push(value());
        ws();
        const sep = text[pos++];
        if (sep === ']') return list;
        if (sep !== ',') fail("expected ',' or ']'");
      }
    }
    if (c === '"') return parseString();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    NUMBER_RE.lastIndex = pos;
    const num = NUMBER_RE.exec(text);
    if (!num) return fail('unexpected token');
    pos += num![0].length;
    return numberFromText(num![0]);
  };
  const result = value();
  ws();
  if (pos !== text.length) fail('trailing data');
  return result;
}

function scalarJson(value: SopsValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('utf8'));
  if (value instanceof SopsInt || value instanceof SopsFloat) return value.text;
  if (value instanceof SopsTime) return JSON.stringify(value.text);
  throw new InputError('Unsupported value in JSON output');
}

/** Writes a tree as JSON with tab indentation, as sops does. */
export function stringifyJsonTree(
  value: SopsValue,
  indent = '\t',
  depth = 0,
): string {
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  if (value instanceof SopsBranch) {
    const items = value.items.filter(i => typeof i.key === 'string');
    if (items.length === 0) return '{}';
    return `{\n${items
      .map(
        i =>
          `${pad}${JSON.stringify(i.key)}: ${stringifyJsonTree(
            i.value,
            indent,
            depth + 1,
          )}`,
      )
      .join(',\n')}\n${end}}`;
  }
  if (Array.isArray(value)) {
    const items = value.filter(v => !(v instanceof SopsComment));
    if (items.length === 0) return '[]';
    return `[\n${items
      .map(v => `${pad}${stringifyJsonTree(v, indent, depth + 1)}`)
      .join(',\n')}\n${end}]`;
  }
  return scalarJson(value);
}

function parseJsonBranch(input: Buffer): SopsBranch {
  const tree = parseJsonTree(input.toString('utf8'));
  if (!(tree instanceof SopsBranch)) {
    throw new InputError('The JSON document must be an object');
  }
  return tree;
}

/** The JSON store. @public */
export class JsonStore implements SopsStore {
  readonly name = 'json' as const;

  parsePlain(input: Buffer): SopsBranch[] {
    return [parseJsonBranch(input)];
  }

  parseEncrypted(input: Buffer) {
    return extractMetadata([parseJsonBranch(input)]);
  }

  emitEncrypted(
    branches: SopsBranch[],
    metadata: Record<string, unknown>,
  ): Buffer {
    const branch = requireSingleBranch(branches, 'json');
    const withMeta = new SopsBranch([
      ...branch.items,
      { key: 'sops', value: fromPlain(metadata) },
    ]);
    return Buffer.from(`${stringifyJsonTree(withMeta)}\n`, 'utf8');
  }

  emitPlain(branches: SopsBranch[]): Buffer {
    return Buffer.from(
      `${stringifyJsonTree(requireSingleBranch(branches, 'json'))}\n`,
      'utf8',
    );
  }
}
