import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  AgeKeySource,
  KeySourceRegistry,
  SopsStoreName,
  decryptSops,
  encryptSops,
  planSopsEncryption,
} from '.';
import { runSops, tmpDir } from './__testUtils__/sops';

// These tests run the real sops CLI on a shared machine.
jest.setTimeout(120_000);

let recipient: string;
let keySources: KeySourceRegistry;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  const identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  keySources = new KeySourceRegistry([
    new AgeKeySource({ identities: [identity] }),
  ]);
  dir = tmpDir('sops-meaning-');
  const keyFile = path.join(dir, 'keys.txt');
  fs.writeFileSync(keyFile, `${identity}\n`);
  env = { SOPS_AGE_KEY_FILE: keyFile };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const EXT: Record<SopsStoreName, string> = {
  yaml: 'yaml',
  json: 'json',
  dotenv: 'env',
  binary: 'bin',
};

let counter = 0;
/** Writes `input` and returns what our encryption and sops's give. */
async function encryptBoth(input: Buffer | string, store: SopsStoreName) {
  const file = path.join(dir, `in-${counter++}.${EXT[store]}`);
  fs.writeFileSync(file, input);
  const ours = await encryptSops({
    input,
    store,
    keys: [{ type: 'age', id: recipient }],
    keySources,
  });
  const theirs = await runSops(['encrypt', '--age', recipient, file], env);
  return { file, ours, theirs };
}

/** `sops decrypt` of encrypted bytes. */
async function sopsDecrypt(encrypted: Buffer, store: SopsStoreName) {
  const file = path.join(dir, `enc-${counter++}.${EXT[store]}`);
  fs.writeFileSync(file, encrypted);
  return runSops(
    ['decrypt', '--input-type', store, '--output-type', store, file],
    env,
  );
}

/**
 * Both directions, byte for byte: sops decrypts ours to what it decrypts
 * its own to, and ours decrypts sops's to the same bytes.
 */
async function expectSameMeaning(input: Buffer | string, store: SopsStoreName) {
  const { ours, theirs } = await encryptBoth(input, store);
  const reference = await sopsDecrypt(theirs, store);
  expect((await sopsDecrypt(ours, store)).toString()).toBe(
    reference.toString(),
  );
  const back = await decryptSops({ input: theirs, store, keySources });
  expect(back.output.toString()).toBe(reference.toString());
  return reference.toString();
}

async function expectBothRefuse(
  input: string,
  store: SopsStoreName,
  ours: RegExp,
) {
  const file = path.join(dir, `bad-${counter++}.${EXT[store]}`);
  fs.writeFileSync(file, input);
  await expect(
    runSops(['encrypt', '--age', recipient, file], env),
  ).rejects.toThrow(/failed/);
  await expect(
    encryptSops({
      input,
      store,
      keys: [{ type: 'age', id: recipient }],
      keySources,
    }),
  ).rejects.toThrow(ours);
}

describe('no store, rule or flag writes a secret value in plaintext', () => {
  // Marker values; sops itself is the oracle of which ones are secret: a
  // marker missing from sops's encrypted file must be missing from ours.
  const m = (n: number) => `MRK${n}x7q`;
  const INPUTS: Record<SopsStoreName, string> = {
    yaml: [
      `# comment ${m(1)}`,
      `enc_a: ${m(2)}`,
      `pub_b: ${m(3)}`,
      `c_enc: ${m(4)}`,
      `d_pub: ${m(5)}`,
      `e_unencrypted: ${m(6)}`,
      `plain: ${m(7)}`,
      'enc_n:',
      `  x: ${m(8)}`,
      `  y_pub: ${m(9)}`,
      'pub_n:',
      `  z: ${m(10)}`,
      `lst: [${m(11)}, ${m(12)}]`,
      '# sops:enc',
      `k1: ${m(13)}`,
      '# sops:pub',
      `k2: ${m(14)}`,
      `multi: |`,
      `  ${m(15)}`,
      '',
    ].join('\n'),
    json: JSON.stringify({
      enc_a: m(2),
      pub_b: m(3),
      c_enc: m(4),
      d_pub: m(5),
      e_unencrypted: m(6),
      plain: m(7),
      enc_n: { x: m(8), y_pub: m(9) },
      pub_n: { z: m(10) },
      lst: [m(11), m(12)],
    }),
    dotenv: [
      `# comment ${m(1)}`,
      `enc_a=${m(2)}`,
      `pub_b=${m(3)}`,
      `c_enc=${m(4)}`,
      `d_pub=${m(5)}`,
      `e_unencrypted=${m(6)}`,
      `plain=${m(7)}`,
      '',
    ].join('\n'),
    binary: `${m(16)}\n`,
  };
  const RULES: Array<Record<string, string | boolean>> = [
    {},
    { unencrypted_suffix: '_pub' },
    { encrypted_suffix: '_enc' },
    { unencrypted_regex: '^pub' },
    { encrypted_regex: '^enc' },
    { encrypted_regex: '^enc', mac_only_encrypted: true },
    { encrypted_comment_regex: 'sops:enc' },
    { unencrypted_comment_regex: 'sops:pub' },
  ];
  const markers = (b: Buffer): string[] =>
    b.toString().match(/MRK\d+x7q/g) ?? [];

  it.each(
    (Object.keys(INPUTS) as SopsStoreName[]).flatMap(store =>
      RULES.map(rule => [store, JSON.stringify(rule), rule] as const),
    ),
  )('%s store, .sops.yaml rule %s', async (store, _name, rule) => {
    const project = fs.mkdtempSync(path.join(dir, 'project-'));
    const ruleYaml = Object.entries(rule)
      .map(([k, v]) => `    ${k}: ${typeof v === 'string' ? `'${v}'` : v}\n`)
      .join('');
    fs.writeFileSync(
      path.join(project, '.sops.yaml'),
      `creation_rules:\n  - age: ${recipient}\n${ruleYaml}`,
    );
    const file = path.join(project, `secret.${EXT[store]}`);
    fs.writeFileSync(file, INPUTS[store]);
    const plan = planSopsEncryption({
      filePath: file,
      configSearchDir: project,
    });
    const ours = await encryptSops({
      input: INPUTS[store],
      store: plan.store,
      keys: plan.keys,
      rules: plan.rules,
      keySources,
    });
    const theirs = await runSops(['encrypt', file], env, project);
    const secret = markers(Buffer.from(INPUTS[store])).filter(
      x => !markers(theirs).includes(x),
    );
    for (const x of secret) expect(ours.toString()).not.toContain(x);
    expect(markers(ours)).toEqual(markers(theirs));
    // the binary payload is always encrypted, whatever the rule
    expect(store !== 'binary' || markers(ours).length === 0).toBe(true);
    // and every marker comes back through the real sops
    expect(markers(await sopsDecrypt(ours, store)).sort()).toEqual(
      markers(Buffer.from(INPUTS[store])).sort(),
    );
  });
});

describe('files sops can open, values that keep their meaning', () => {
  it('block scalars with indentation indicators, encrypted or not (defect 5)', async () => {
    const doc = [
      'a: |2',
      '      first line starts with spaces',
      '    second',
      'b_unencrypted: |2-',
      '      indented',
      '    b',
      'c: >2',
      '     folded',
      '    text',
      'm_unencrypted:',
      '    k: |2',
      '         nested',
      '        t',
      // (a block scalar whose first line starts with a space as a list
      // item is left out: sops 3.13.2 cannot decrypt its own file then)
      '',
    ].join('\n');
    const out = await expectSameMeaning(doc, 'yaml');
    expect(out).toContain('|4');
  });

  // eslint-disable-next-line jest/expect-expect
  it('empty and comment-only YAML are refused, as sops refuses them (defect 6)', async () => {
    await expectBothRefuse('', 'yaml', /no document/);
    await expectBothRefuse('# just a comment\n', 'yaml', /no document/);
    await expectBothRefuse('\n\n', 'yaml', /no document/);
    // an explicit empty document is a document, for both
    await expectSameMeaning('---\n', 'yaml');
  });

  it('a 6 MB binary file and a 10 MB JSON string go both ways (defect 7)', async () => {
    const binary = randomBytes(6_000_000);
    const { ours, theirs } = await encryptBoth(binary, 'binary');
    expect((await sopsDecrypt(ours, 'binary')).equals(binary)).toBe(true);
    const back = await decryptSops({
      input: theirs,
      store: 'binary',
      keySources,
    });
    expect(back.output.equals(binary)).toBe(true);

    const json = JSON.stringify({ s: 'x'.repeat(10_000_000) });
    await expectSameMeaning(json, 'json');
  });

  // eslint-disable-next-line jest/expect-expect
  it('duplicate keys, integers outside int64, non-string keys and mistyped tags are refused, as in sops (defect 8)', async () => {
    await expectBothRefuse('a: 1\na: 2\n', 'yaml', /DUPLICATE_KEY/);
    await expectBothRefuse(
      'a: 9223372036854775808\n',
      'yaml',
      /outside the 64-bit range/,
    );
    await expectBothRefuse(
      'a_unencrypted: 0xFFFFFFFFFFFFFFFF\n',
      'yaml',
      /outside the 64-bit range/,
    );
    await expectBothRefuse('1: x\n', 'yaml', /non-string key/);
    await expectBothRefuse('a: !!int x\n', 'yaml', /as !!int/);
    // below int64 is a float for go-yaml, and so for us
    await expectSameMeaning('a: -9223372036854775809\n', 'yaml');
  });

  it('numbers and scalars resolve and print as go-yaml v3 does (defect 9)', async () => {
    const doc = [
      'mode: 0440',
      'octal: 017',
      'exp: 1e10',
      'hex: 0X1f',
      'bin: 0b101',
      'under: 1_000',
      'tagged: !!float 1',
      'eight: 08',
      'whole: 1.0',
      'big: 1000000.5',
      'o: 0o17',
      'half: .5',
      'neg: -0b11',
      'mode_unencrypted: 0440',
      'exp_unencrypted: 1e10',
      'yes_unencrypted: yes',
      'n: no',
      'str: !!str 0440',
      'quoted: "0440"',
      'bin64: !!binary aGVsbG8=',
      'base: &b',
      '    x: 1',
      'merged:',
      '    <<: *b',
      '    y: 2',
      '',
    ].join('\n');
    const out = await expectSameMeaning(doc, 'yaml');
    expect(out).toMatch(/^mode: 288$/m);
    expect(out).toMatch(/^exp_unencrypted: 1e\+10$/m);
    const types = (await encryptBoth(doc, 'yaml')).ours
      .toString()
      .match(/^\w+: ENC\[.*type:(\w+)\]$/gm)!
      .map(l => `${l.split(':')[0]}:${/type:(\w+)/.exec(l)![1]}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'mode:int',
        'octal:int',
        'exp:float',
        'hex:int',
        'bin:int',
        'under:int',
        'tagged:float',
        'eight:float',
        'str:str',
      ]),
    );
  });

  it('metadata read as sops reads it: no version is refused, a capitalised dotenv True is true (defect 10)', async () => {
    const { theirs } = await encryptBoth('a: b\n', 'yaml');
    const noVersion = Buffer.from(
      theirs.toString().replace(/^ {4}version: .*\n/m, ''),
    );
    await expect(sopsDecrypt(noVersion, 'yaml')).rejects.toThrow(/Version/);
    await expect(
      decryptSops({ input: noVersion, store: 'yaml', keySources }),
    ).rejects.toThrow(/no version/);

    const file = path.join(dir, `mac-only-${counter++}.env`);
    fs.writeFileSync(file, 'A=1\nB_unencrypted=2\n');
    const env2 = await runSops(
      ['--mac-only-encrypted', 'encrypt', '--age', recipient, file],
      env,
    );
    const capital = Buffer.from(
      env2
        .toString()
        .replace(
          'sops_mac_only_encrypted=true',
          'sops_mac_only_encrypted=True',
        ),
    );
    expect(capital.toString()).toContain('sops_mac_only_encrypted=True');
    const reference = await sopsDecrypt(capital, 'dotenv');
    const ours = await decryptSops({
      input: capital,
      store: 'dotenv',
      keySources,
    });
    expect(ours.output.toString()).toBe(reference.toString());
  });

  it('a value type changed to bytes is refused, as sops cannot decrypt it (defect 10)', async () => {
    const { theirs } = await encryptBoth('a: hello\n', 'yaml');
    const bytes = Buffer.from(
      theirs.toString().replace(/^(a: ENC\[.*)type:str\]$/m, '$1type:bytes]'),
    );
    expect(bytes.toString()).toMatch(/^a: ENC\[.*type:bytes\]$/m);
    await expect(sopsDecrypt(bytes, 'yaml')).rejects.toThrow(/failed/);
    await expect(
      decryptSops({ input: bytes, store: 'yaml', keySources }),
    ).rejects.toThrow(/unknown value type 'bytes'/);
  });

  it('a comment added in plaintext is reported, as sops warns about it (defect 10)', async () => {
    const { theirs } = await encryptBoth('# c\na: x\n', 'yaml');
    const added = Buffer.from(
      theirs.toString().replace(/^#ENC\[.*$/m, '# added plain'),
    );
    const warnings: string[] = [];
    const back = await decryptSops({
      input: added,
      store: 'yaml',
      keySources,
      onWarning: w => warnings.push(w),
    });
    expect(back.output.toString()).toBe(
      (await sopsDecrypt(added, 'yaml')).toString(),
    );
    expect(warnings).toEqual([
      expect.stringMatching(/1 comment\(s\) in plaintext/),
    ]);
    const clean: string[] = [];
    await decryptSops({
      input: theirs,
      store: 'yaml',
      keySources,
      onWarning: w => clean.push(w),
    });
    expect(clean).toEqual([]);
  });
});
