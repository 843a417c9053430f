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
  LineCounter,
  ScalarTag,
  Tags,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import {
  formatGoYamlFloat,
  goYamlScalar,
  resolvePlain,
} from '../format/goYaml';
import {
  SopsBranch,
  SopsComment,
  SopsFloat,
  SopsInt,
  SopsTime,
  SopsTreeItem,
  SopsValue,
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

const OLD_BOOL = new Set(
  'y Y yes Yes YES on On ON n N no No NO off Off OFF'.split(' '),
);
// characters the YAML emitter of go-yaml only writes double-quoted (escaped)
const NOT_PRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * Strings go-yaml v3 writes quoted because, plain, they would read as
 * another type (or did in YAML 1.1): `"123"`, `"true"`, `"yes"`, `"1:20"`.
 */
function needsQuotes(s: string): boolean {
  return (
    resolvePlain(s).tag !== 'str' ||
    OLD_BOOL.has(s) ||
    BASE60_FLOAT.test(s) ||
    NOT_PRINTABLE.test(s)
  );
}

/** A document without content: nothing, or an empty untagged plain scalar (null). */
function isEmptyContents(contents: unknown): boolean {
  if (contents === null || contents === undefined) return true;
  if (!isScalar(contents)) return false;
  const v = contents.value;
  return (
    v === null ||
    (v === '' &&
      (contents.type === 'PLAIN' || contents.type === undefined) &&
      (!contents.tag || contents.tag === 'tag:yaml.org,2002:null'))
  );
}

class YamlReader {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  value(node: unknown): SopsValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.value((node as Alias).resolve(this.doc));
    if (isScalar(node)) return this.scalar(node);
    if (isMap(node)) return this.map(node, true);
    if (isSeq(node)) return this.seq(node, true);
    throw new InputError('Unsupported YAML node');
  }

  scalar(node: Scalar): SopsValue {
    // parsed with the failsafe schema: every value is its text, resolved
    // here the way go-yaml v3 (sops) resolves it
    // a `<<` key is kept as an ordinary key, as sops keeps it (no merging)
    let text: string;
    if (node.value instanceof Uint8Array) {
      // !!binary, decoded by the parser: sops keeps the bytes as a string
      const bytes = Buffer.from(node.value);
      const utf8 = bytes.toString('utf8');
      return Buffer.from(utf8, 'utf8').equals(bytes) ? utf8 : bytes;
    }
    if (typeof node.value === 'symbol') text = '<<';
    else if (node.value === null || node.value === undefined) text = '';
    else text = String(node.value);
    return goYamlScalar(text, {
      plain: node.type === 'PLAIN' || node.type === undefined,
      tag: node.tag,
      where: this.where(node),
    });
  }

  private where(node: YamlNode): string {
    const at = node.range ? this.lines.linePos(node.range[0]) : undefined;
    return at ? `line ${at.line}, column ${at.col}` : 'an unknown position';
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
    if (isEmptyContents(contents)) {
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
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(input.toString('utf8'), {
    schema: 'failsafe',
    uniqueKeys: true,
    lineCounter,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  if (
    !list.some(
      doc => doc.directives?.docStart || !isEmptyContents(doc.contents),
    )
  ) {
    // sops (go-yaml) finds no document in an empty or comment-only file
    throw new InputError(
      'The YAML file has no document (it is empty or only comments); sops refuses it too',
    );
  }
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
    return new YamlReader(doc, lineCounter).document();
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
    // written with the failsafe schema: the text is exactly what go-yaml v3
    // prints for the value
    const plain = (text: string) => {
      const s = new Scalar(text);
      s.type = Scalar.PLAIN;
      return s;
    };
    if (value === null) return plain('null');
    if (typeof value === 'boolean') return plain(String(value));
    if (value instanceof SopsInt) return plain(value.text);
    if (value instanceof SopsFloat)
      return plain(formatGoYamlFloat(parseGoFloat(value.text) ?? NaN));
    if (value instanceof SopsTime) return plain(value.text);
    const text = Buffer.isBuffer(value)
      ? value.toString('utf8')
      : String(value);
    const s = new Scalar(text);
    if (needsQuotes(text)) s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }

  key(text: string): Scalar {
    const s = new Scalar(text);
    if (text === '<<') {
      // go-yaml writes a `<<` key with its tag, as an ordinary key
      s.tag = 'tag:yaml.org,2002:merge';
    } else if (needsQuotes(text)) s.type = Scalar.QUOTE_DOUBLE;
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
 * The `yaml` writer puts indentation indicator 2 on a block scalar whose
 * first line starts with a space, whatever the indent, while it indents the
 * body by the indent step (4 here): readers would then add 2 spaces to every
 * line. The stringifier marks the header with the body's indentation, and
 * {@link fixBlockIndicators} replaces the mark by the right indicator once
 * the header line is known.
 */
const MARK = '\u0001';
function markBlockIndicator(tags: Tags): Tags {
  return tags.map(tag => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:str')
      return tag;
    const scalarTag = tag as ScalarTag;
    const stringify = scalarTag.stringify!;
    return {
      ...scalarTag,
      stringify(item, ctx, onComment, onChompKeep) {
        const out = stringify(item, ctx, onComment, onChompKeep);
        return /^[|>]2[-+]?\n/.test(out)
          ? `${out[0]}${MARK}${ctx.indent.length}${MARK}${out.slice(2)}`
          : out;
      },
    };
  });
}

/**
 * The indicator is the body's indentation minus the parent node's: the key
 * column, or the dash column for a block scalar right after `- `.
 * (Raw control characters never appear in the output otherwise: such
 * strings are written double-quoted with escapes.)
 */
function fixBlockIndicators(text: string): string {
  return text.replace(
    new RegExp(`^(.*?)([|>])${MARK}(\\d+)${MARK}`, 'gm'),
    (_all, prefix: string, style: string, body: string) => {
      const m = /^( *)((?:- +)*)(.*)$/.exec(prefix)!;
      const parent =
        m[3] === ''
          ? m[1].length + m[2].length - (m[2].length > 0 ? 2 : 0)
          : m[1].length + m[2].length;
      return `${prefix}${style}${Number(body) - parent}`;
    },
  );
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
      const doc = new Document(null, {
        version: '1.2',
        schema: 'failsafe',
        customTags: markBlockIndicator,
      });
      const contents = new YamlWriter(doc).map(branch);
      // an empty document is written `{}`, as go-yaml writes it
      doc.contents = contents;
      return fixBlockIndicators(
        doc.toString({
          indent: this.indent,
          lineWidth: 0,
          minContentWidth: 0,
          indentSeq: true,
          blockQuote: 'literal',
          // go-yaml quotes with single quotes where plain text is not
          // possible, with double quotes where it would read as another type
          singleQuote: true,
        }),
      );
    });
    return Buffer.from(
      // as go-yaml's encoder: `---` between documents, not before the first
      parts.join('---\n'),
      'utf8',
    );
  }
}
