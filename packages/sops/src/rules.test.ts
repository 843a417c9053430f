import fs from 'node:fs';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  AgeKeySource,
  KeySourceRegistry,
  SopsEncryptionRules,
  SopsStoreName,
  decryptSops,
  encryptSops,
  planSopsEncryption,
} from '.';
import { runSops, tmpDir } from './__testUtils__/sops';

// These tests run the real sops CLI on a shared machine.
jest.setTimeout(60_000);

// the rule fields sops has command-line flags for
const RULE_FLAGS: Record<string, string> = {
  encrypted_regex: '--encrypted-regex',
  unencrypted_regex: '--unencrypted-regex',
  encrypted_suffix: '--encrypted-suffix',
  unencrypted_suffix: '--unencrypted-suffix',
};

/** The `path: state` of every value line of an encrypted YAML file, in order. */
function encryptedShape(file: Buffer): string[] {
  const out: string[] = [];
  const stack: Array<{ indent: number; key: string }> = [];
  for (const line of file.toString('utf8').split('\n')) {
    const m = /^(\s*)(?:- )?([^:#\s][^:]*):(?: (.*))?$/.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    while (stack.length && stack[stack.length - 1].indent >= indent)
      stack.pop();
    stack.push({ indent, key: m[2] });
    if (stack[0].key === 'sops') continue;
    if (m[3] !== undefined && m[3] !== '')
      out.push(
        `${stack.map(s => s.key).join('.')}: ${
          m[3].startsWith('ENC[') ? 'encrypted' : 'plain'
        }`,
      );
  }
  return out;
}

describe('encryption rules mean what they mean in sops', () => {
  let recipient: string;
  let recipient2: string;
  let keySources: KeySourceRegistry;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    const identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    recipient2 = await identityToRecipient(await generateIdentity());
    keySources = new KeySourceRegistry([
      new AgeKeySource({ identities: [identity] }),
    ]);
    dir = tmpDir();
    const keyFile = path.join(dir, 'keys.txt');
    fs.writeFileSync(keyFile, `${identity}\n`);
    env = { SOPS_AGE_KEY_FILE: keyFile };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function both(
    name: string,
    input: string,
    store: SopsStoreName,
    rules: SopsEncryptionRules,
  ) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, input);
    const ours = await encryptSops({
      input,
      store,
      keys: [{ type: 'age', id: recipient }],
      rules,
      keySources,
    });
    const flags = Object.entries(rules).flatMap(([f, v]) =>
      f === 'mac_only_encrypted'
        ? ['--mac-only-encrypted']
        : [RULE_FLAGS[f as keyof typeof RULE_FLAGS], String(v)],
    );
    const theirs = await runSops(
      ['encrypt', '--age', recipient, '--input-type', store, ...flags, file],
      env,
      dir,
    );
    return { ours, theirs, file };
  }

  describe('binary store (defect 1)', () => {
    it.each([
      ['encrypted_regex', { encrypted_regex: '^foo$' }],
      ['encrypted_suffix', { encrypted_suffix: '_secret' }],
      ['unencrypted_regex', { unencrypted_regex: 'data' }],
      ['unencrypted_suffix', { unencrypted_suffix: 'a' }],
    ] as Array<[string, SopsEncryptionRules]>)(
      'ignores %s, like sops, and never writes the payload in plaintext',
      async (_field, rules) => {
        const warnings: string[] = [];
        const input = 'TOP-SECRET\n';
        const { ours, theirs } = await both('x.bin', input, 'binary', rules);
        const encrypted = await encryptSops({
          input,
          store: 'binary',
          keys: [{ type: 'age', id: recipient }],
          rules,
          keySources,
          onWarning: w => warnings.push(w),
        });
        for (const out of [ours, encrypted, theirs])
          expect(out.toString()).not.toContain('TOP-SECRET');
        expect(warnings).toEqual([expect.stringMatching(/ignored/)]);
        // sops writes no rule field for a binary file; neither do we
        const meta = (b: Buffer) =>
          Object.keys(JSON.parse(b.toString()).sops).filter(k =>
            /crypted/.test(k),
          );
        expect(meta(ours)).toEqual(meta(theirs));
        const oursFile = path.join(dir, 'ours.bin.enc');
        fs.writeFileSync(oursFile, ours);
        expect(
          (
            await runSops(['decrypt', '--input-type', 'binary', oursFile], env)
          ).toString(),
        ).toBe(input);
        expect(
          (
            await decryptSops({ input: theirs, store: 'binary', keySources })
          ).output.toString(),
        ).toBe(input);
      },
    );

    it('a .sops.yaml rule field on a binary (or .ini) file is ignored with a warning', () => {
      const project = tmpDir('sops-plan-');
      fs.writeFileSync(
        path.join(project, '.sops.yaml'),
        `creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`,
      );
      for (const name of ['x.bin', 'settings.ini', 'noext']) {
        const plan = planSopsEncryption({
          filePath: path.join(project, name),
          configSearchDir: project,
        });
        expect(plan.store).toBe('binary');
        expect(plan.rules).toEqual({});
        expect(plan.warnings).toEqual([
          expect.stringMatching(/^encrypted_regex .* ignored$/),
        ]);
      }
    });
  });

  describe('Go RE2 regexes (defect 2)', () => {
    const doc = [
      'api_key: secret-1',
      'api_key_id: public-1',
      'Alpha: secret-2',
      'pä: secret-3',
      'a.b: secret-4',
      'xy: plain',
      '',
    ].join('\n');

    it.each([
      ['\\z', '^api_key\\z'],
      ['\\A', '\\Aapi'],
      ['POSIX class', '^[[:upper:]]'],
      ['Unicode class', '^p\\pL$'],
      ['\\Q...\\E', '\\Qa.b\\E'],
      ['inline flag', '(?i)^alpha$'],
    ])(
      '%s: ours encrypts exactly the values sops encrypts',
      async (_name, regex) => {
        const { ours, theirs } = await both('re.yaml', doc, 'yaml', {
          encrypted_regex: regex,
        });
        expect(encryptedShape(ours)).toEqual(encryptedShape(theirs));
        expect(encryptedShape(ours)).toContainEqual(
          expect.stringMatching(/: encrypted$/),
        );
      },
    );

    it('a sops file with an RE2-only regex in its metadata decrypts with ours (MAC checked)', async () => {
      const { theirs } = await both('re2.yaml', doc, 'yaml', {
        unencrypted_regex: '^api_key\\z',
      });
      const back = await decryptSops({
        input: theirs,
        store: 'yaml',
        keySources,
      });
      expect(back.output.toString()).toContain('secret-1');
    });

    it('lookbehind, which sops refuses, is refused', async () => {
      await expect(
        both('lb.yaml', doc, 'yaml', { encrypted_regex: '(?<=a)pi' }),
      ).rejects.toThrow();
      await expect(
        encryptSops({
          input: doc,
          store: 'yaml',
          keys: [{ type: 'age', id: recipient }],
          rules: { encrypted_regex: '(?<=a)pi' },
          keySources,
        }),
      ).rejects.toThrow(
        /Invalid encrypted_regex '\(\?<=a\)pi' \(Go RE2 syntax\)/,
      );
    });

    it('path_regex is RE2: the same creation rule (and recipient) as sops', async () => {
      const project = tmpDir('sops-re2-');
      fs.mkdirSync(path.join(project, 'secrets'));
      fs.writeFileSync(
        path.join(project, '.sops.yaml'),
        `creation_rules:\n  - path_regex: ^secrets/.*\\.yaml\\z\n    age: ${recipient}\n  - age: ${recipient2}\n`,
      );
      const file = path.join(project, 'secrets/a.yaml');
      fs.writeFileSync(file, 'a: b\n');
      const plan = planSopsEncryption({
        filePath: file,
        configSearchDir: project,
      });
      expect(plan).toMatchObject({
        ruleIndex: 0,
        keys: [{ type: 'age', id: recipient }],
      });
      const theirs = await runSops(['encrypt', file], env, project);
      expect(theirs.toString()).toContain(recipient);
      expect(theirs.toString()).not.toContain(recipient2);
    });
  });

  describe('one plan for keys, rules, store and output (defect 4)', () => {
    let project: string;
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n`;

    beforeAll(() => {
      project = tmpDir('sops-plan-');
      fs.mkdirSync(path.join(project, 'k8s'));
      fs.mkdirSync(path.join(project, 'other'));
      fs.writeFileSync(
        path.join(project, '.sops.yaml'),
        `creation_rules:\n  - path_regex: ^k8s/\n    encrypted_regex: ^(data|stringData)$\n    age: ${recipient2}\n`,
      );
      fs.writeFileSync(path.join(project, 'k8s/s.yaml'), secret);
      fs.writeFileSync(path.join(project, 'other/s.yaml'), secret);
    });

    it('explicit keys replace the rule keys but the rule fields still apply, as in sops', async () => {
      const file = path.join(project, 'k8s/s.yaml');
      const plan = planSopsEncryption({
        filePath: file,
        keys: [{ type: 'age', id: recipient }],
        configSearchDir: project,
      });
      expect(plan.keys).toEqual([{ type: 'age', id: recipient }]);
      expect(plan.rules).toEqual({ encrypted_regex: '^(data|stringData)$' });
      const ours = await encryptSops({
        input: secret,
        store: plan.store,
        keys: plan.keys,
        rules: plan.rules,
        keySources,
      });
      const theirs = await runSops(
        ['encrypt', '--age', recipient, file],
        env,
        project,
      );
      expect(encryptedShape(ours)).toEqual(encryptedShape(theirs));
      expect(ours.toString()).toMatch(/^kind: Secret$/m);
    });

    it('explicit rule fields override the same field and conflict with another, as in sops', async () => {
      const file = path.join(project, 'k8s/s.yaml');
      expect(
        planSopsEncryption({
          filePath: file,
          rules: { encrypted_regex: '^stringData$' },
          configSearchDir: project,
        }).rules,
      ).toEqual({ encrypted_regex: '^stringData$' });
      expect(() =>
        planSopsEncryption({
          filePath: file,
          rules: { unencrypted_suffix: '_x' },
          configSearchDir: project,
        }),
      ).toThrow(/more than one/);
      await expect(
        runSops(['encrypt', '--unencrypted-suffix', '_x', file], env, project),
      ).rejects.toThrow(/more than one/);
    });

    it('no matching creation rule is refused even with explicit keys, as in sops', async () => {
      const file = path.join(project, 'other/s.yaml');
      expect(() =>
        planSopsEncryption({
          filePath: file,
          keys: [{ type: 'age', id: recipient }],
          configSearchDir: project,
        }),
      ).toThrow(/No creation rule in \.sops\.yaml matches 'other\/s\.yaml'/);
      await expect(
        runSops(['encrypt', '--age', recipient, file], env, project),
      ).rejects.toThrow(/no matching creation rules found/);
    });
  });
});
