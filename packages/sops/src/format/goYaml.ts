/**
 * Scalars the way go-yaml v3 (the YAML library of sops) resolves and prints
 * them, so a value keeps its sops type and its meaning: `0440` is the octal
 * int 288, `017` is 15, `1e10` a float, `0X1f` 31, `0b101` 5, `1_000` 1000,
 * `08` the float 8, `yes` a string; a float is printed `1e+10`.
 */
import { InputError } from '@backstage/errors';
import {
  SopsFloat,
  SopsInt,
  SopsScalar,
  SopsTime,
  formatGoFloat,
  goTimestampText,
  isInt64,
} from './tree';

const YAML_TAG = 'tag:yaml.org,2002:';

type Resolved =
  | { tag: 'null'; value: null }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint }
  | { tag: 'float'; value: number }
  | { tag: 'timestamp'; value: string }
  | { tag: 'str' | 'merge'; value: string };

const MAP: Record<string, Resolved> = {};
const add = (r: Resolved, words: string[]) =>
  words.forEach(w => {
    MAP[w] = r;
  });
add({ tag: 'bool', value: true }, ['true', 'True', 'TRUE']);
add({ tag: 'bool', value: false }, ['false', 'False', 'FALSE']);
add({ tag: 'null', value: null }, ['', '~', 'null', 'Null', 'NULL']);
add({ tag: 'float', value: NaN }, ['.nan', '.NaN', '.NAN']);
add({ tag: 'float', value: Infinity }, ['.inf', '.Inf', '.INF']);
add({ tag: 'float', value: Infinity }, ['+.inf', '+.Inf', '+.INF']);
add({ tag: 'float', value: -Infinity }, ['-.inf', '-.Inf', '-.INF']);
add({ tag: 'merge', value: '<<' }, ['<<']);

function hint(text: string): string {
  if (text === '') return 'N';
  const c = text[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~<'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** Go `strconv.ParseInt(s, 0, …)` syntax (sign, 0x/0o/0b/0 prefixes); undefined when not an integer. */
function parseGoIntBase0(s: string): bigint | undefined {
  const m =
    /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(
      s,
    );
  if (!m) return undefined;
  const [, sign, body] = m;
  let n: bigint;
  if (/^0[oO]/.test(body)) n = BigInt(`0o${body.slice(2)}`);
  else if (/^0[xXbB]/.test(body)) n = BigInt(body.toLowerCase());
  else if (body.length > 1 && body[0] === '0') n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  return sign === '-' ? -n : n;
}

const YAML_STYLE_FLOAT =
  /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const UINT64_MAX = 2n ** 64n - 1n;

/** go-yaml v3 `resolve("", text)` for a plain scalar. */
export function resolvePlain(text: string, timestamps = true): Resolved {
  const h = hint(text);
  if (h === '') return { tag: 'str', value: text };
  const mapped = MAP[text];
  if (mapped) return mapped;
  if (h === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text))
      return { tag: 'float', value: Number(text) };
    return { tag: 'str', value: text };
  }
  if (h === 'D' || h === 'S') {
    if (timestamps) {
      const time = goTimestampText(text);
      if (time) return { tag: 'timestamp', value: time };
    }
    const plain = text.replace(/_/g, '');
    const int = parseGoIntBase0(plain);
    if (int !== undefined && (isInt64(int) || (int >= 0n && int <= UINT64_MAX)))
      return { tag: 'int', value: int };
    if (YAML_STYLE_FLOAT.test(plain))
      return { tag: 'float', value: Number(plain) };
  }
  return { tag: 'str', value: text };
}

/**
 * A YAML scalar as sops reads it (go-yaml v3 decoding into `interface{}`):
 * quoted and block scalars and `!!str` are strings, plain ones are resolved,
 * `!!int`/`!!float`/`!!bool`/`!!null`/`!!timestamp` must fit (`!!float 1` is
 * the float 1), `!!binary` is decoded, other tags give the text. Integers
 * outside int64 are refused, as sops refuses them. `where` names the place
 * in errors (never the value).
 */
export function goYamlScalar(
  text: string,
  options: { plain: boolean; tag?: string | null; where: string },
): SopsScalar {
  const tag = options.tag ?? '';
  let short: string | undefined;
  if (tag === '') short = '';
  else if (tag.startsWith(YAML_TAG)) short = tag.slice(YAML_TAG.length);
  if (short === 'str' || (short === '' && !options.plain)) return text;
  if (short === 'binary') return Buffer.from(text.replace(/\s/g, ''), 'base64');
  if (
    short === undefined ||
    !['', 'bool', 'int', 'float', 'null', 'timestamp'].includes(short)
  )
    return text;
  const r = resolvePlain(text, short === '' || short === 'timestamp');
  let { tag: rtag } = r;
  let value = r.value;
  if (short === 'float' && rtag === 'int') {
    rtag = 'float';
    value = Number(value as bigint);
  }
  if (short !== '' && short !== rtag) {
    throw new InputError(
      `Cannot read the value at ${options.where} as !!${short} (it is a !!${rtag}), as sops cannot`,
    );
  }
  switch (rtag) {
    case 'null':
      return null;
    case 'bool':
      return value as boolean;
    case 'int':
      if (!isInt64(value as bigint)) {
        throw new InputError(
          `The integer at ${options.where} is outside the 64-bit range sops supports; quote it to keep it as a string`,
        );
      }
      return new SopsInt((value as bigint).toString());
    case 'float':
      return new SopsFloat(formatGoFloat(value as number));
    case 'timestamp':
      return new SopsTime(value as string);
    default:
      return value as string;
  }
}

/** Go `strconv.FormatFloat(v, 'g', -1, 64)` as go-yaml v3 prints floats (`.inf`, `.nan`). */
export function formatGoYamlFloat(v: number): string {
  if (Number.isNaN(v)) return '.nan';
  if (v === Infinity) return '.inf';
  if (v === -Infinity) return '-.inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // shortest round-trip digits and decimal exponent
  const [mant, expText] = v.toExponential().split('e');
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace(/^-/, '').replace('.', '');
  // shortest digits; Go switches to an exponent from 1e+06 on ('g', precision 6)
  const eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const frac = digits.slice(1);
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac ? `.${frac}` : ''}e${
      exp < 0 ? '-' : '+'
    }${e < 10 ? `0${e}` : e}`;
  }
  return formatGoFloat(v);
}
