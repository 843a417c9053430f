import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parse } from 'yaml';
import {
  AgeKeySource,
  KeySourceRegistry,
  SopsStoreName,
  decryptSops,
  encryptSops,
} from '.';
import { runSops, tmpDir } from './__testUtils__/sops';
import { expectSameContent } from './__testUtils__/compare';
import {
  SAMPLE_DOTENV,
  SAMPLE_JSON,
  SAMPLE_SECRET,
  SAMPLE_YAML,
  SECRET_VALUE,
  manyKeySecret,
} from './__testUtils__/samples';

const binary = Buffer.concat([
  Buffer.from('binary\u0000data\n'),
  randomBytes(512),
]);

const samples: Array<[string, SopsStoreName, Buffer, string]> = [
  ['yaml', 'yaml', Buffer.from(SAMPLE_YAML), 'yaml'],
  ['json', 'json', Buffer.from(SAMPLE_JSON), 'json'],
  ['dotenv', 'dotenv', Buffer.from(SAMPLE_DOTENV), 'env'],
  ['binary', 'binary', binary, 'bin'],
  [
    'text as binary',
    'binary',
    Buffer.from('a text file\nwith ünïcode\n'),
    'txt',
  ],
  ['many-key Secret', 'yaml', Buffer.from(manyKeySecret()), 'yaml'],
];

// These tests run the real sops CLI and child processes on a shared machine.
jest.setTimeout(60_000);

describe('round trips with the real sops CLI (age)', () => {
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
    dir = tmpDir();
    const keyFile = path.join(dir, 'keys.txt');
    fs.writeFileSync(keyFile, `${identity}\n`);
    env = { SOPS_AGE_KEY_FILE: keyFile };
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(samples)(
    '%s: ours encrypts, sops -d restores it',
    async (name, store, input, ext) => {
      const encrypted = await encryptSops({
        input,
        store,
        keys: [{ type: 'age', id: recipient }],
        keySources,
      });
      const file = path.join(dir, `ours-${name.replace(/\W/g, '_')}.${ext}`);
      fs.writeFileSync(file, encrypted);
      const theirs = await runSops(
        ['decrypt', '--input-type', store, '--output-type', store, file],
        env,
      );
      expectSameContent(theirs, input, store);
      const ours = await decryptSops({ input: encrypted, store, keySources });
      expectSameContent(ours.output, input, store);
    },
  );

  it.each(samples)(
    '%s: sops encrypts, ours decrypts',
    async (name, store, input, ext) => {
      const file = path.join(dir, `theirs-${name.replace(/\W/g, '_')}.${ext}`);
      fs.writeFileSync(file, input);
      const encrypted = await runSops(
        [
          'encrypt',
          '--age',
          recipient,
          '--input-type',
          store,
          '--output-type',
          store,
          file,
        ],
        env,
      );
      const ours = await decryptSops({ input: encrypted, store, keySources });
      expectSameContent(ours.output, input, store);
    },
  );

  it('gives every value the same sops type as sops does', async () => {
    const input = Buffer.from(
      [
        'str: hello',
        'quoted_int: "12"',
        'int: 12',
        'hex: 0x1F',
        'big: 9007199254740993',
        'min: -9223372036854775808',
        'float: 1.5',
        'whole_float: 1.0',
        'exp: 1.0e+3',
        'inf: .inf',
        'ninf: -.Inf',
        'bool: true',
        'ts: 2001-12-14t21:59:43.10-05:00',
        'ts_space: 2001-12-14 21:59:43.10',
        'date: 2002-12-14',
        'quoted_date: "2002-12-14"',
        'date_unencrypted: 2002-12-14',
        'not_a_date: 2002-13-14',
        'unicode: "日本語 ✓"',
        '',
      ].join('\n'),
    );
    const types = (b: Buffer) => b.toString().match(/type:[a-z]+/g);
    const ours = await encryptSops({
      input,
      store: 'yaml',
      keys: [{ type: 'age', id: recipient }],
      keySources,
    });
    const plainFile = path.join(dir, 'types.yaml');
    fs.writeFileSync(plainFile, input);
    const theirs = await runSops(
      ['encrypt', '--age', recipient, plainFile],
      env,
    );
    expect(types(ours)).toEqual(types(theirs));
    expect(types(ours)).toContain('type:time');

    const oursFile = path.join(dir, 'types.ours.yaml');
    fs.writeFileSync(oursFile, ours);
    const theirsFile = path.join(dir, 'types.theirs.yaml');
    fs.writeFileSync(theirsFile, theirs);
    const reference = await runSops(['decrypt', theirsFile], env);
    expect((await runSops(['decrypt', oursFile], env)).toString()).toBe(
      reference.toString(),
    );
    expect(
      (
        await decryptSops({ input: theirs, store: 'yaml', keySources })
      ).output.toString(),
    ).toBe(reference.toString());
  });

  it('gives JSON values the same sops types as sops does', async () => {
    const input = Buffer.from(
      '{"s": "x", "i": 12, "neg0": -0, "f": 1.5, "whole": 1.0, "exp": 1e3, "big": 9007199254740993, "huge": 18446744073709551616, "b": false, "n": null, "l": [1, "2", 3.25, true, {"10": "z", "2": "y"}]}\n',
    );
    const types = (b: Buffer) => b.toString().match(/type:[a-z]+/g);
    const ours = await encryptSops({
      input,
      store: 'json',
      keys: [{ type: 'age', id: recipient }],
      keySources,
    });
    const plainFile = path.join(dir, 'types.json');
    fs.writeFileSync(plainFile, input);
    const theirs = await runSops(
      ['encrypt', '--age', recipient, plainFile],
      env,
    );
    expect(types(ours)).toEqual(types(theirs));
    const oursFile = path.join(dir, 'types.ours.json');
    fs.writeFileSync(oursFile, ours);
    const theirsFile = path.join(dir, 'types.theirs.json');
    fs.writeFileSync(theirsFile, theirs);
    const reference = await runSops(['decrypt', theirsFile], env);
    expect(
      JSON.parse((await runSops(['decrypt', oursFile], env)).toString()),
    ).toEqual(JSON.parse(reference.toString()));
    const back = await decryptSops({
      input: theirs,
      store: 'json',
      keySources,
    });
    expect(back.output.toString().replace(/\s/g, '')).toBe(
      reference.toString().replace(/\s/g, ''),
    );
  });

  it('comments in every position: sops -d of ours decrypts every one', async () => {
    const input = Buffer.from(
      '# head\na: b # inline a\n# before list\nl:\n  # in list\n  - x # inline x\n  - y\n  # end of list\nm:\n  # m head\n  k: v\n  # m end\nn:\n  - p: q\n    # in item map\n    r: s\n# foot\n',
    );
    const ours = await encryptSops({
      input,
      store: 'yaml',
      keys: [{ type: 'age', id: recipient }],
      keySources,
    });
    expect(
      ours.toString().match(/#ENC\[AES256_GCM,[^\n]*type:comment\]/g),
    ).toHaveLength(10);
    const oursFile = path.join(dir, 'comments.ours.yaml');
    fs.writeFileSync(oursFile, ours);
    const theirs = await runSops(['decrypt', oursFile], env);
    expect(theirs.toString()).not.toContain('ENC[');
    // inline comments become head comments, as sops does it
    expect(
      theirs
        .toString()
        .match(/^\s*# .*$/gm)
        ?.map(l => l.trim()),
    ).toEqual([
      '# head',
      '# inline a',
      '# before list',
      '# in list',
      '# inline x',
      '# end of list',
      '# m head',
      '# m end',
      '# in item map',
      '# foot',
    ]);
    // our own decrypt keeps the inline comment inline; the data is the same
    const oursPlain = await decryptSops({
      input: ours,
      store: 'yaml',
      keySources,
    });
    expect(parse(oursPlain.output.toString())).toEqual(
      parse(theirs.toString()),
    );
    expect(parse(theirs.toString())).toEqual(parse(input.toString()));
  });

  it('opens sops files with comments inside lists, which sops 3.13.2 itself refuses', async () => {
    // sops writes a comment inside a list as a list item `- ENC[...,type:comment]`
    // and then fails its own MAC check on it; the MAC it wrote excludes the comment.
    const input = Buffer.from('l:\n  # in list\n  - x\n');
    const plainFile = path.join(dir, 'list-comment.yaml');
    fs.writeFileSync(plainFile, input);
    const theirsEnc = await runSops(
      ['encrypt', '--age', recipient, plainFile],
      env,
    );
    expect(theirsEnc.toString()).toMatch(
      /^ {4}- ENC\[AES256_GCM,[^\n]*type:comment\]$/m,
    );
    const encFile = path.join(dir, 'list-comment.enc.yaml');
    fs.writeFileSync(encFile, theirsEnc);
    await expect(runSops(['decrypt', encFile], env)).rejects.toThrow(
      /MAC mismatch/,
    );
    const ours = await decryptSops({
      input: theirsEnc,
      store: 'yaml',
      keySources,
    });
    expectSameContent(ours.output, input, 'yaml');
  });

  it('encrypts a Kubernetes Secret the way Flux needs it', async () => {
    const encrypted = await encryptSops({
      input: SAMPLE_SECRET,
      store: 'yaml',
      keys: [{ type: 'age', id: recipient }],
      rules: { encrypted_regex: '^(data|stringData)$' },
      keySources,
    });
    const text = encrypted.toString();
    expect(text).toMatch(/^apiVersion: v1$/m);
    expect(text).toMatch(/^kind: Secret$/m);
    expect(text).toMatch(/^ {4}name: app-credentials$/m);
    expect(text).toMatch(/^ {4}mac: ENC\[AES256_GCM,data:[^\n]*,type:str\]$/m);
    expect(text).toMatch(
      /^ {4}lastmodified: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/m,
    );
    expect(text).toMatch(/^ {4}encrypted_regex: \^\(data\|stringData\)\$$/m);
    expect(text).not.toContain(SECRET_VALUE);
    const file = path.join(dir, 'secret.yaml');
    fs.writeFileSync(file, encrypted);
    const theirs = await runSops(['decrypt', file], env);
    expectSameContent(theirs, Buffer.from(SAMPLE_SECRET), 'yaml');
  });

  it('sops -d of our Secret is byte-identical to an input in sops style (indent 4)', async () => {
    const input = SAMPLE_SECRET.replace(/^ {2}(?=\S)/gm, '    ');
    expect(input).not.toBe(SAMPLE_SECRET);
    const encrypted = await encryptSops({
      input,
      store: 'yaml',
      keys: [{ type: 'age', id: recipient }],
      rules: { encrypted_regex: '^(data|stringData)$' },
      keySources,
    });
    const file = path.join(dir, 'secret4.yaml');
    fs.writeFileSync(file, encrypted);
    expect((await runSops(['decrypt', file], env)).toString()).toBe(input);
    expect(
      (
        await decryptSops({ input: encrypted, store: 'yaml', keySources })
      ).output.toString(),
    ).toBe(input);
  });

  it.each([
    ['unencrypted_suffix', { unencrypted_suffix: '_plain' }],
    ['encrypted_suffix', { encrypted_suffix: '_secret' }],
    ['unencrypted_regex', { unencrypted_regex: '^(kind|metadata)$' }],
    ['encrypted_regex', { encrypted_regex: 'pass|token' }],
    ['unencrypted_comment_regex', { unencrypted_comment_regex: 'sops:plain' }],
    ['encrypted_comment_regex', { encrypted_comment_regex: 'sops:enc' }],
    [
      'mac_only_encrypted',
      { encrypted_regex: '^secret', mac_only_encrypted: true },
    ],
  ])(
    'rule %s: sops -d restores our file and ours opens sops output',
    async (_name, rules) => {
      const input = Buffer.from(
        `kind: Config\nmetadata:\n  name: x\n# sops:enc\npassword: hunter2\n# sops:plain\nvisible: 1\nsecret_token: abc\nname_plain: shown\nkey_secret: hidden\n`,
      );
      const encrypted = await encryptSops({
        input,
        store: 'yaml',
        keys: [{ type: 'age', id: recipient }],
        rules,
        keySources,
      });
      const file = path.join(dir, `rule-${_name}.yaml`);
      fs.writeFileSync(file, encrypted);
      expectSameContent(await runSops(['decrypt', file], env), input, 'yaml');

      // sops reads the rule from a .sops.yaml creation rule next to the file
      const ruleDir = path.join(dir, `rule-${_name}`);
      fs.mkdirSync(ruleDir);
      fs.writeFileSync(
        path.join(ruleDir, '.sops.yaml'),
        JSON.stringify({ creation_rules: [{ age: recipient, ...rules }] }),
      );
      fs.writeFileSync(path.join(ruleDir, 'plain.yaml'), input);
      const theirs = await runSops(['encrypt', 'plain.yaml'], env, ruleDir);
      expect(theirs.toString()).toContain(`${Object.keys(rules)[0]}: `);
      const ours = await decryptSops({
        input: theirs,
        store: 'yaml',
        keySources,
      });
      expectSameContent(ours.output, input, 'yaml');
    },
  );
});
