import { InputError } from '@backstage/errors';
import {
  Alias,
  Document,
  Node as YamlNode,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import {
  SopsBranch,
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsTime,
  SopsTreeItem,
  SopsValue,
  formatGoFloat,
  goTimestampText,
  parseGoFloat,
} from '../format/tree';
import { extractMetadata, fromPlain } from './plain';
import { SopsStore } from './types';

/** Options of the YAML store. @public */
export interface YamlStoreOptions {
  /** Indentation of the written file; sops defaults to 4. */
  indent?: number;
}

function commentLines(
  text: string | null | undefined,
  inline = false,
): SopsComment[] {
  if (!text) return [];
  return text
    .split('\n')
    .filter(line => line !== '')
    .map(line => new SopsComment(line, inline));
}

// Strings the Go YAML reader (yaml.v3) or YAML 1.1 readers would take for
// another type; written quoted so they stay strings.
const AMBIGUOUS_RE =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*)?\.?[\d_]*(?:[eE][-+]?\d+)?|[-+]?0[bBoOxX][\da-fA-F_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?\d+(?::[0-5]?\d)+(?:\.\d*)?|<<|=)$/;

function needsQuotes(s: string): boolean {
  return s === '' || AMBIGUOUS_RE.test(s) || goTimestampText(s) !== undefined;
}

class YamlReader {
  constructor(private readonly doc: Document.Parsed) {}

  value(node: unknown): SopsValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.value((node as Alias).resolve(this.doc));
    if (isScalar(node)) return this.scalar(node);
    if (isMap(node)) return this.map(node, true);
    if (isSeq(node)) return this.seq(node, true);
    throw new InputError('Unsupported YAML node');
  }

  scalar(node: Scalar): SopsValue {
    const v = node.value;
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint') return new SopsInt(v.toString());
    if (typeof v === 'number') return new SopsFloat(formatGoFloat(v));
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      // The Go reader takes unquoted timestamps as times (sops type `time`).
      const time =
        node.type === 'PLAIN' && !node.tag ? goTimestampText(v) : undefined;
      return time ? new SopsTime(time) : v;
    }
    if (v instanceof Date) return new SopsTime(node.source ?? v.toISOString());
    return String(v);
  }

  map(node: YAMLMap, ownComments: boolean): SopsBranch {
    const items: SopsTreeItem[] = [];
    const addComments = (text: string | null | undefined, inline = false) => {
      for (const c of commentLines(text, inline))
        items.push({ key: c, value: null });
    };
    if (ownComments) addComments(node.commentBefore);
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const keyNode = pair.key;
      if (isScalar(keyNode) || isAlias(keyNode)) {
        addComments((keyNode as YamlNode).commentBefore);
      }
      const key = this.value(keyNode);
      if (typeof key !== 'string') {
        throw new InputError(
          'The YAML document contains a non-string key; only string keys are supported',
        );
      }
      if (isScalar(keyNode)) addComments(keyNode.comment, true);
      const valueNode = pair.value as YamlNode | null;
      const scalarLike =
        !valueNode || isScalar(valueNode) || isAlias(valueNode);
      if (scalarLike && valueNode) addComments(valueNode.commentBefore);
      if (scalarLike && valueNode) addComments(valueNode.comment, true);
      items.push({ key, value: this.value(valueNode) });
    }
    if (ownComments) addComments(node.comment);
    return new SopsBranch(items);
  }

  seq(node: YAMLSeq, ownComments: boolean): SopsValue[] {
    const out: SopsValue[] = [];
    if (ownComments) out.push(...commentLines(node.commentBefore));
    for (const item of node.items as YamlNode[]) {
      const scalarLike = isScalar(item) || isAlias(item);
      if (item && scalarLike) out.push(...commentLines(item.commentBefore));
      out.push(this.value(item));
      if (item && scalarLike) out.push(...commentLines(item.comment, true));
    }
    if (ownComments) out.push(...commentLines(node.comment));
    return out;
  }

  document(): SopsBranch {
    const contents = this.doc.contents;
    const head = commentLines(this.doc.commentBefore).map(c => ({
      key: c,
      value: null,
    }));
    const foot = commentLines(this.doc.comment).map(c => ({
      key: c,
      value: null,
    }));
    if (contents === null || (isScalar(contents) && contents.value === null)) {
      return new SopsBranch([...head, ...foot]);
    }
    if (isSeq(contents)) {
      throw new InputError(
        'YAML documents that are sequences are not supported',
      );
    }
    if (!isMap(contents)) {
      throw new InputError('YAML documents that are values are not supported');
    }
    const branch = this.map(contents, true);
    return new SopsBranch([...head, ...branch.items, ...foot]);
  }
}

function parseYaml(input: Buffer): SopsBranch[] {
  const docs = parseAllDocuments(input.toString('utf8'), {
    intAsBigInt: true,
    uniqueKeys: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc, i) => {
    if (doc.errors.length > 0) {
      // The parser's message quotes the source line, which may hold a secret:
      // report only the position and the error code.
      const { code, linePos } = doc.errors[0];
      const at = linePos
        ? ` at line ${linePos[0].line}, column ${linePos[0].col}`
        : '';
      throw new InputError(`Invalid YAML in document ${i + 1}${at} (${code})`);
    }
    return new YamlReader(doc).document();
  });
}

class YamlWriter {
  constructor(private readonly doc: Document) {}

  node(value: SopsValue): YamlNode {
    if (value instanceof SopsBranch) return this.map(value);
    if (Array.isArray(value)) return this.seq(value);
    return this.scalar(value);
  }

  scalar(value: SopsValue): Scalar {
    if (value === null) return new Scalar(null);
    if (typeof value === 'boolean') return new Scalar(value);
    if (value instanceof SopsInt) return new Scalar(BigInt(value.text));
    if (value instanceof SopsFloat)
      return new Scalar(parseGoFloat(value.text) ?? NaN);
    let text = String(value);
    if (value instanceof SopsTime) text = value.text;
    else if (Buffer.isBuffer(value)) text = value.toString('utf8');
    const s = new Scalar(text);
    if (needsQuotes(text) && !(value instanceof SopsTime))
      s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }

  key(text: string): Scalar {
    const s = new Scalar(text);
    if (needsQuotes(text)) s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }

  map(branch: SopsBranch): YAMLMap {
    const map = new YAMLMap(this.doc.schema);
    let pending: string[] = [];
    let last: YamlNode | undefined;
    for (const item of branch.items) {
      if (item.key instanceof SopsComment) {
        if (
          item.key.inline &&
          last &&
          isScalar(last) &&
          !last.comment &&
          pending.length === 0
        ) {
          last.comment = item.key.value;
        } else {
          pending.push(item.key.value);
        }
        continue;
      }
      const key = this.key(item.key);
      if (pending.length > 0) key.commentBefore = pending.join('\n');
      pending = [];
      const value = this.node(item.value);
      map.items.push(new Pair(key, value));
      last = value;
    }
    if (pending.length > 0) map.comment = pending.join('\n');
    return map;
  }

  seq(list: SopsValue[]): YAMLSeq {
    const seq = new YAMLSeq(this.doc.schema);
    let pending: string[] = [];
    let last: YamlNode | undefined;
    for (const item of list) {
      if (item instanceof SopsComment) {
        if (
          item.inline &&
          last &&
          isScalar(last) &&
          !last.comment &&
          pending.length === 0
        ) {
          last.comment = item.value;
        } else {
          pending.push(item.value);
        }
        continue;
      }
      const node = this.node(item);
      if (pending.length > 0) node.commentBefore = pending.join('\n');
      pending = [];
      seq.items.push(node);
      last = node;
    }
    if (pending.length > 0) seq.comment = pending.join('\n');
    return seq;
  }
}

/**
 * The YAML store: multi-document, comments kept as comment items, scalar
 * types taken from the YAML source (`1` is an int, `1.0` a float).
 * @public
 */
export class YamlStore implements SopsStore {
  readonly name = 'yaml' as const;
  private readonly indent: number;

  constructor(options: YamlStoreOptions = {}) {
    this.indent = options.indent ?? 4;
  }

  parsePlain(input: Buffer): SopsBranch[] {
    return parseYaml(input);
  }

  parseEncrypted(input: Buffer) {
    return extractMetadata(parseYaml(input));
  }

  emitEncrypted(
    branches: SopsBranch[],
    metadata: Record<string, unknown>,
  ): Buffer {
    const meta = fromPlain(metadata);
    return this.emit(
      branches.map(
        b => new SopsBranch([...b.items, { key: 'sops', value: meta }]),
      ),
    );
  }

  emitPlain(branches: SopsBranch[]): Buffer {
    return this.emit(branches);
  }

  private emit(branches: SopsBranch[]): Buffer {
    const parts = branches.map(branch => {
      const doc = new Document(null, { version: '1.2', intAsBigInt: true });
      const contents = new YamlWriter(doc).map(branch);
      if (contents.items.length === 0) {
        doc.contents = null;
        doc.comment = contents.comment ?? null;
      } else {
        doc.contents = contents;
      }
      return doc.toString({
        indent: this.indent,
        lineWidth: 0,
        minContentWidth: 0,
        indentSeq: true,
        blockQuote: 'literal',
      });
    });
    return Buffer.from(
      parts.length === 1 ? parts[0] : parts.map(p => `---\n${p}`).join(''),
      'utf8',
    );
  }
}
