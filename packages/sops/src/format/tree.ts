/**
 * The in-memory SOPS tree, shaped like the one the reference implementation
 * walks: ordered branches of items, lists, scalars and comments. Stores parse
 * into it and emit from it; the cipher and the MAC only ever see this tree.
 */

/** An integer scalar, kept as decimal text so 64-bit values survive. @public */
export class SopsInt {
  constructor(readonly text: string) {}
}

/** A float scalar, kept as Go `FormatFloat(v, 'f', -1, 64)` text. @public */
export class SopsFloat {
  constructor(readonly text: string) {}
}

/** A timestamp scalar (sops type `time`), kept as RFC 3339 text. @public */
export class SopsTime {
  constructor(readonly text: string) {}
}

/** One comment line: the text after `#`, leading space kept. @public */
export class SopsComment {
  constructor(readonly value: string, readonly inline: boolean = false) {}
}

/** A scalar leaf of the tree. `null` is never encrypted and never in the MAC. @public */
export type SopsScalar =
  | string
  | Buffer
  | boolean
  | SopsInt
  | SopsFloat
  | SopsTime
  | null;

/** Any value of the tree. @public */
export type SopsValue = SopsScalar | SopsComment | SopsBranch | SopsValue[];

/** One entry of a mapping; comment lines are entries with a comment key. @public */
export interface SopsTreeItem {
  key: string | SopsComment;
  value: SopsValue;
}

/** An ordered mapping. @public */
export class SopsBranch {
  constructor(readonly items: SopsTreeItem[] = []) {}

  get(key: string): SopsValue | undefined {
    return this.items.find(i => i.key === key)?.value;
  }
}

/** Converts a float to Go's `strconv.FormatFloat(v, 'f', -1, 64)`. @public */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Object.is(value, -0)) return '-0';
  const shortest = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!m) return shortest;
  const [, sign, lead, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = lead + frac;
  if (exp >= 0) {
    const intLen = 1 + exp;
    return (
      sign +
      (digits.length <= intLen
        ? digits + '0'.repeat(intLen - digits.length)
        : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`)
    );
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** The bytes sops feeds to the cipher and the MAC for a scalar leaf. @public */
export function scalarToBytes(value: Exclude<SopsScalar, null> | SopsComment): {
  bytes: Buffer;
  type: 'str' | 'int' | 'float' | 'bool' | 'time' | 'comment';
} {
  if (Buffer.isBuffer(value)) return { bytes: value, type: 'str' };
  const { text, type } = scalarToText(value);
  return { bytes: Buffer.from(text, 'utf8'), type };
}

function scalarToText(
  value: Exclude<SopsScalar, null | Buffer> | SopsComment,
): {
  text: string;
  type: 'str' | 'int' | 'float' | 'bool' | 'time' | 'comment';
} {
  if (typeof value === 'string') return { text: value, type: 'str' };
  if (typeof value === 'boolean') {
    return { text: value ? 'True' : 'False', type: 'bool' };
  }
  if (value instanceof SopsInt) return { text: value.text, type: 'int' };
  if (value instanceof SopsFloat) return { text: value.text, type: 'float' };
  if (value instanceof SopsTime) return { text: value.text, type: 'time' };
  return { text: value.value, type: 'comment' };
}

/** Parses Go `strconv.ParseBool` input. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Integer text within int64 becomes an int, anything else numeric a float (sops JSON rule). */
export function numberFromText(text: string): SopsInt | SopsFloat {
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= INT64_MIN && n <= INT64_MAX) return new SopsInt(n.toString());
  }
  return new SopsFloat(formatGoFloat(Number(text)));
}

export function isInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** Parses Go `strconv.ParseFloat` text, including `+Inf`, `-Inf` and `NaN`. */
export function parseGoFloat(text: string): number | undefined {
  if (/^[+-]?(?:inf|infinity)$/i.test(text))
    return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?$/.test(text))
    return undefined;
  return Number(text.replace(/_/g, ''));
}

const TIMESTAMP_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d{1,9})?))?$/;

/**
 * An unquoted YAML timestamp as the Go YAML reader sees it (formats
 * `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`
 * in UTC, and `2006-1-2`), returned as Go's `Time.MarshalText` (RFC 3339 nano)
 * text; undefined when it is not one.
 */
export function goTimestampText(text: string): string | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const hh = m[5] ?? m[10] ?? '0';
  const mi = m[6] ?? m[11] ?? '0';
  const ss = m[7] ?? m[12] ?? '0';
  const frac = (m[8] ?? m[13] ?? '').replace(/0+$/, '');
  const zone = m[9] ?? 'Z';
  const [year, month, day, hour, minute, second] = [y, mo, d, hh, mi, ss].map(
    Number,
  );
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const p2 = (n: number) => String(n).padStart(2, '0');
  const z = zone === 'Z' || zone === '+00:00' || zone === '-00:00' ? 'Z' : zone;
  return `${y}-${p2(month)}-${p2(day)}T${p2(hour)}:${p2(minute)}:${p2(second)}${
    frac === '.' ? '' : frac
  }${z}`;
}
