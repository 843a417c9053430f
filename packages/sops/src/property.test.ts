import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  AgeKeySource,
  KeySourceRegistry,
  SopsEncryptionRules,
  SopsStoreName,
  decryptSops,
  encryptSops,
} from '.';
import { runSops, tmpDir } from './__testUtils__/sops';

// Runs the real sops three times per case on a shared machine.
jest.setTimeout(900_000);

const NUM_RUNS = Number(process.env.SOPS_PROPERTY_RUNS ?? 200);

// Every number form go-yaml v3 knows, scalars that look like other types,
// unicode, empty values.
const YAML_SCALARS = [
  '0440',
  '017',
  '08',
  '1e10',
  '1E-7',
  '0X1f',
  '0x1F',
  '0b101',
  '-0b11',
  '0o17',
  '1_000',
  '1.0',
  '1.',
  '.5',
  '-.5',
  '+12',
  '-0',
  '1000000.5',
  '123456789012',
  '-9223372036854775808',
  '9223372036854775807',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'yes',
  'no',
  'on',
  'y',
  'null',
  '~',
  '""',
  "''",
  '"0440"',
  "'1e10'",
  '!!float 1',
  '!!str 12',
  '!!int "7"',
  '2001-12-14t21:59:43.10-05:00',
  '2002-12-14',
  '"2002-12-14"',
  '12:30',
  'hello wörld',
  '"日本語 ✓"',
  '"tab\\there"',
  'a b c',
  '"with: colon"',
  "'it''s'",
  '"#not a comment"',
  '-dash',
  '"- item"',
];
const BLOCKS = ['|', '|-', '|+', '>', '>-', '|2', '|2-', '|4', '>2'];
const KEYS = [
  'a',
  'b_unencrypted',
  'enc_c',
  'data',
  'pub_d',
  'n',
  'y',
  'key with space',
  'ünï',
];

const indentOf = (depth: number) => '  '.repeat(depth);

function blockScalar(header: string, lines: string[], depth: number): string {
  const explicit = /\d/.exec(header);
  const base = indentOf(depth + 1);
  const extra = explicit
    ? ' '.repeat(Math.max(Number(explicit[0]) - 2, 0))
    : '';
  const body = lines.map((l, i) =>
    l === '' ? '' : `${base}${extra}${i === 0 && explicit ? '  ' : ''}${l}`,
  );
  return `${header}\n${body.join('\n')}\n`;
}

const scalarArb = (depth: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(...YAML_SCALARS).map(s => ` ${s}\n`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...BLOCKS),
          fc.array(fc.constantFrom('line', 'x y', '', 'ü ✓', 'more  spaces'), {
            minLength: 1,
            maxLength: 3,
          }),
        )
        .filter(([, lines]) => lines[0] !== '')
        .map(([h, lines]) => ` ${blockScalar(h, lines, depth)}`),
    },
  );

type Gen = (depth: number) => fc.Arbitrary<string>;

const mapArb: Gen = depth =>
  fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom(...KEYS),
        depth < 2
          ? fc.oneof(
              { weight: 4, arbitrary: scalarArb(depth) },
              { weight: 1, arbitrary: fc.constant('nested') },
              { weight: 1, arbitrary: fc.constant('list') },
            )
          : scalarArb(depth),
        fc.boolean(),
      ),
      { selector: ([k]) => k, minLength: 1, maxLength: 5 },
    )
    .chain(entries =>
      fc
        .tuple(
          ...entries.map(([k, v, comment]) => {
            const key = /[ ü]/.test(k) ? `"${k}"` : k;
            const head = comment ? `${indentOf(depth)}# note ${k}\n` : '';
            if (v === 'nested')
              return mapArb(depth + 1).map(
                inner => `${head}${indentOf(depth)}${key}:\n${inner}`,
              );
            if (v === 'list')
              return fc
                .array(fc.constantFrom(...YAML_SCALARS), {
                  minLength: 1,
                  maxLength: 3,
                })
                .map(
                  items =>
                    `${head}${indentOf(depth)}${key}:\n${items
                      .map(i => `${indentOf(depth + 1)}- ${i}\n`)
                      .join('')}`,
                );
            return fc.constant(`${head}${indentOf(depth)}${key}:${v}`);
          }),
        )
        .map(parts => parts.join('')),
    );

const yamlArb = fc.oneof(
  mapArb(0),
  fc.tuple(mapArb(0), mapArb(0)).map(([a, b]) => `${a}---\n${b}`),
  mapArb(0).map(
    m => `base: &base\n  a: 1\n  s: x\nmerged:\n  <<: *base\n  t: y\n${m}`,
  ),
);

const JSON_VALUES = [
  '1',
  '-0',
  '1.0',
  '1e3',
  '2.5E-3',
  '9007199254740993',
  '18446744073709551616',
  'true',
  'false',
  'null',
  '""',
  '"x"',
  '"ü ✓"',
  '"\\u0000\\n"',
  '[]',
  '{}',
  '[1, "a", {"b": 2}]',
  '{"k_unencrypted": 3, "l": [true]}',
];
const jsonArb = fc
  .uniqueArray(
    fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...JSON_VALUES)),
    { selector: ([k]) => k, minLength: 1, maxLength: 6 },
  )
  .map(
    entries =>
      `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`,
  );

const DOTENV_VALUES = ['x', '', '0440', 'a b', 'ü ✓', 'a=b', '"q"', 'x\\ny'];
const dotenvArb = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom('A', 'B_unencrypted', 'ENC_C', 'data', 'n'),
      fc.constantFrom(...DOTENV_VALUES),
      fc.boolean(),
    ),
    { selector: ([k]) => k, minLength: 1, maxLength: 5 },
  )
  .map(entries =>
    entries
      .map(([k, v, c]) => `${c ? `# about ${k}\n` : ''}${k}=${v}\n`)
      .join(''),
  );

const rulesArb: fc.Arbitrary<SopsEncryptionRules> = fc.constantFrom(
  {},
  { encrypted_regex: '^(data|enc_c)$' },
  { unencrypted_regex: '^pub' },
  { encrypted_suffix: '_c' },
  { unencrypted_suffix: '_unencrypted' },
  { encrypted_regex: '^enc', mac_only_encrypted: true },
);

const RULE_FLAGS: Record<string, string> = {
  encrypted_regex: '--encrypted-regex',
  unencrypted_regex: '--unencrypted-regex',
  encrypted_suffix: '--encrypted-suffix',
  unencrypted_suffix: '--unencrypted-suffix',
};

describe('property: the same meaning as the real sops, both directions', () => {
  let recipient: string;
  let keySources: KeySourceRegistry;
  let env: Record<string, string>;
  let dir: string;
  let n = 0;

  beforeAll(async () => {
    const identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    keySources = new KeySourceRegistry([
      new AgeKeySource({ identities: [identity] }),
    ]);
    dir = tmpDir('sops-property-');
    const keyFile = path.join(dir, 'keys.txt');
    fs.writeFileSync(keyFile, `${identity}\n`);
    env = { SOPS_AGE_KEY_FILE: keyFile };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function check(
    doc: string,
    store: SopsStoreName,
    rules: SopsEncryptionRules,
  ) {
    const ext = { yaml: 'yaml', json: 'json', dotenv: 'env', binary: 'bin' }[
      store
    ];
    const file = path.join(dir, `case-${n++}.${ext}`);
    fs.writeFileSync(file, doc);
    // --mac-only-encrypted is a global flag of sops (before the command)
    const global = rules.mac_only_encrypted ? ['--mac-only-encrypted'] : [];
    const flags = Object.entries(rules)
      .filter(([k]) => k !== 'mac_only_encrypted')
      .flatMap(([k, v]) => [RULE_FLAGS[k], String(v)]);
    const theirs = await runSops(
      [...global, 'encrypt', '--age', recipient, ...flags, file],
      env,
    ).catch((e: Error) => e);
    const ours = await encryptSops({
      input: doc,
      store,
      keys: [{ type: 'age', id: recipient }],
      rules,
      keySources,
    }).catch((e: Error) => e);
    // what sops refuses, we refuse
    expect(ours instanceof Error).toBe(theirs instanceof Error);
    if (theirs instanceof Error || ours instanceof Error) return;

    const decryptFile = async (bytes: Buffer) => {
      const f = path.join(dir, `enc-${n++}.${ext}`);
      fs.writeFileSync(f, bytes);
      return (await runSops(['decrypt', f], env)).toString();
    };
    const reference = await decryptFile(theirs);
    // our encryption decrypts with sops -d to what sops's own round trip gives
    expect(await decryptFile(ours)).toBe(reference);
    // sops's encryption decrypts with ours to sops -d's bytes
    const back = await decryptSops({ input: theirs, store, keySources });
    expect(back.output.toString()).toBe(reference);
  }

  // eslint-disable-next-line jest/expect-expect
  it(`YAML, JSON and dotenv documents with rule sets (${NUM_RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: yamlArb.map(d => [d, 'yaml'] as const) },
          { weight: 1, arbitrary: jsonArb.map(d => [d, 'json'] as const) },
          { weight: 1, arbitrary: dotenvArb.map(d => [d, 'dotenv'] as const) },
        ),
        rulesArb,
        async ([doc, store], rules) => check(doc, store, rules),
      ),
      {
        numRuns: NUM_RUNS,
        seed: process.env.SOPS_PROPERTY_SEED
          ? Number(process.env.SOPS_PROPERTY_SEED)
          : undefined,
      },
    );
  });
});
