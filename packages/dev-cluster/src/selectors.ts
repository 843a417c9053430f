/**
 * Label and field selectors with the grammar of
 * k8s.io/apimachinery/pkg/labels and .../fields.
 */
import { KubeApiError } from './errors';
import { getPath, KubeObject } from './registry';
import {
  LABEL_KEY,
  LABEL_KEY_MESSAGE,
  LABEL_VALUE,
  LABEL_VALUE_MESSAGE,
  MAX_LABEL_VALUE,
} from './validation';

type LabelRequirement =
  | { op: 'exists' | 'notExists'; key: string }
  | { op: 'in' | 'notIn'; key: string; values: string[] };

/** A parsed selector: true when the object matches. */
export type Matcher = (obj: KubeObject) => boolean;

function checkKey(key: string, selector: string): string {
  if (!LABEL_KEY.test(key) || key.length > 316) {
    throw KubeApiError.badRequest(
      `unable to parse requirement: invalid label key "${key}": ${LABEL_KEY_MESSAGE} (selector "${selector}")`,
    );
  }
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!LABEL_VALUE.test(value) || value.length > MAX_LABEL_VALUE) {
    throw KubeApiError.badRequest(
      `unable to parse requirement: invalid label value: "${value}": ${LABEL_VALUE_MESSAGE} (selector "${selector}")`,
    );
  }
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) {
      throw KubeApiError.badRequest(
        `unable to parse requirement: unexpected ")" in selector "${selector}"`,
      );
    }
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) {
    throw KubeApiError.badRequest(
      `unable to parse requirement: missing ")" in selector "${selector}"`,
    );
  }
  terms.push(current);
  return terms.map(t => t.trim());
}

function parseLabelTerm(term: string, selector: string): LabelRequirement {
  const bad = () =>
    KubeApiError.badRequest(
      `unable to parse requirement: found '${term}', expected: '=', '!=', '==', 'in', notin' (selector "${selector}")`,
    );
  if (!term) throw bad();
  const set = term.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/);
  if (set) {
    const values = set[3]
      .split(',')
      .map(v => v.trim())
      .filter(v => v !== '');
    return {
      op: set[2] === 'in' ? 'in' : 'notIn',
      key: checkKey(set[1], selector),
      values: values.map(v => checkValue(v, selector)),
    };
  }
  const eq = term.match(/^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/);
  if (eq) {
    return {
      op: eq[2] === '!=' ? 'notIn' : 'in',
      key: checkKey(eq[1], selector),
      values: [checkValue(eq[3].trim(), selector)],
    };
  }
  if (term.startsWith('!')) {
    return { op: 'notExists', key: checkKey(term.slice(1).trim(), selector) };
  }
  if (/^\S+$/.test(term)) {
    return { op: 'exists', key: checkKey(term, selector) };
  }
  throw bad();
}

/** Parses a `labelSelector`; throws a 400 `KubeApiError` when malformed. */
export function parseLabelSelector(selector: string | undefined): Matcher {
  if (!selector || !selector.trim()) return () => true;
  const requirements = splitTerms(selector).map(t =>
    parseLabelTerm(t, selector),
  );
  return obj => {
    const labels = obj.metadata.labels ?? {};
    return requirements.every(r => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case 'notExists':
          return !has;
        case 'in':
          return has && r.values.includes(labels[r.key]);
        case 'notIn':
          return !has || !r.values.includes(labels[r.key]);
        default:
          return false;
      }
    });
  };
}

/** Field paths every kind supports, plus a few per kind (as the API server does). */
const fieldsByKind: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'reason',
    'type',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
};

/**
 * Parses a `fieldSelector` for a kind: `metadata.name` and
 * `metadata.namespace` everywhere, with `=`, `==` and `!=`.
 */
export function parseFieldSelector(
  selector: string | undefined,
  kind: string,
): Matcher {
  if (!selector || !selector.trim()) return () => true;
  const allowed = [
    'metadata.name',
    'metadata.namespace',
    ...(fieldsByKind[kind] ?? []),
  ];
  const terms = selector.split(',').map(term => {
    const m = term.trim().match(/^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) {
      throw KubeApiError.badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    }
    if (!allowed.includes(m[1])) {
      throw KubeApiError.badRequest(`field label not supported: ${m[1]}`);
    }
    return { path: m[1], negate: m[2] === '!=', value: m[3].trim() };
  });
  return obj =>
    terms.every(t => {
      const actual = String(getPath(obj, t.path) ?? '');
      return t.negate ? actual !== t.value : actual === t.value;
    });
}
