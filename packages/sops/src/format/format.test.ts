import { InputError } from '@backstage/errors';
import { formatGoFloat } from './tree';
import { formatSopsTimestamp, lastModifiedAad } from './metadata';
import { resolveRules } from './rules';
import { createSopsStore } from '../stores';

describe('format details', () => {
  it('formats floats like Go FormatFloat(v, f, -1, 64)', () => {
    expect(formatGoFloat(1)).toBe('1');
    expect(formatGoFloat(3.14)).toBe('3.14');
    expect(formatGoFloat(1e21)).toBe('1000000000000000000000');
    expect(formatGoFloat(1.5e-7)).toBe('0.00000015');
    expect(formatGoFloat(-0)).toBe('-0');
    expect(formatGoFloat(Infinity)).toBe('+Inf');
  });

  it('writes and re-reads lastmodified the way sops builds the MAC AAD', () => {
    expect(formatSopsTimestamp(new Date('2026-05-22T20:16:23.456Z'))).toBe(
      '2026-05-22T20:16:23Z',
    );
    expect(lastModifiedAad('2026-05-22T20:16:23.456Z')).toBe(
      '2026-05-22T20:16:23Z',
    );
    expect(lastModifiedAad('2026-05-22T20:16:23+00:00')).toBe(
      '2026-05-22T20:16:23Z',
    );
    expect(lastModifiedAad('2026-05-22T22:16:23+02:00')).toBe(
      '2026-05-22T22:16:23+02:00',
    );
    expect(() => lastModifiedAad('yesterday')).toThrow(InputError);
  });

  it('allows one rule field and defaults to _unencrypted', () => {
    expect(resolveRules({}).fields).toEqual({
      unencrypted_suffix: '_unencrypted',
    });
    expect(() =>
      resolveRules({ encrypted_regex: 'a', unencrypted_suffix: '_x' }),
    ).toThrow(/more than one/);
    const r = resolveRules({ encrypted_regex: '^(data|stringData)$' });
    expect(r.shouldEncrypt(['stringData', 'x'], [], false)).toBe(true);
    expect(r.shouldEncrypt(['metadata', 'name'], [], false)).toBe(false);
  });
});

describe('parse errors never quote the input', () => {
  it('reports YAML and JSON errors by position only', () => {
    const yamlErr = (() => {
      try {
        createSopsStore('yaml').parsePlain(
          Buffer.from('a: 1\npassword: "hunter2\n'),
        );
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(yamlErr).toBeInstanceOf(InputError);
    expect(yamlErr!.message).toMatch(
      /^Invalid YAML in document 1 at line \d+, column \d+ \(\w+\)$/,
    );
    expect(yamlErr!.message).not.toContain('hunter2');
    expect(() =>
      createSopsStore('json').parsePlain(Buffer.from('{"password": hunter2}')),
    ).toThrow(/^Invalid JSON: unexpected token at offset 13$/);
  });
});
