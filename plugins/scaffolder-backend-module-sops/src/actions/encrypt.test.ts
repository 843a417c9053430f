import fs from 'node:fs';
import path from 'node:path';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  AgeKeySource,
  GcpKmsKeySource,
  KeySourceRegistry,
  decryptSops,
} from '@drktrc/sops';
import { FakeKmsServer } from '@drktrc/sops/testUtils';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parse, stringify } from 'yaml';
import { createSopsEncryptAction } from './encrypt';
import {
  capturingLogger,
  readTree,
  runSops,
  tmpDir,
} from '../__testUtils__/env';

const SECRET = 'Sup3r-S3cret-Passw0rd-\u00e9';
const KMS_KEY = 'projects/p/locations/global/keyRings/r/cryptoKeys/k';
const SECRET_TEMPLATE = `apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  username: app
`;

// These tests run the real sops CLI and child processes on a shared machine.
jest.setTimeout(60_000);

describe('sops:encrypt', () => {
  let kms: FakeKmsServer;
  let identity: string;
  let recipient: string;
  let keyFile: string;
  let workspacePath: string;

  beforeAll(async () => {
    kms = await FakeKmsServer.start();
    identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    keyFile = path.join(tmpDir('sops-keys-'), 'keys.txt');
    fs.writeFileSync(keyFile, `${identity}\n`);
  });
  afterAll(async () => {
    await kms.stop();
    fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
  });

  beforeEach(() => {
    workspacePath = tmpDir();
    fs.mkdirSync(path.join(workspacePath, 'k8s'));
    fs.writeFileSync(
      path.join(workspacePath, 'k8s/secret.yaml'),
      SECRET_TEMPLATE,
    );
    kms.calls.length = 0;
  });

  function makeAction(retryAttempts = 3) {
    return createSopsEncryptAction({
      keySources: new KeySourceRegistry([
        new AgeKeySource(),
        new GcpKmsKeySource({
          endpoint: kms.endpoint,
          insecure: true,
          retry: { attempts: retryAttempts, initialDelayMs: 5 },
        }),
      ]),
    });
  }

  function context(input: any, extra: Record<string, unknown> = {}) {
    const { logger, lines } = capturingLogger();
    const outputs: Record<string, unknown> = {};
    const checkpoints = new Map<string, unknown>();
    // createMockActionContext keeps only some fields; output, checkpoint and
    // isDryRun are recorded here.
    const ctx = {
      ...createMockActionContext({
        input,
        workspacePath,
        logger,
        secrets: { dbPassword: SECRET },
      }),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      checkpoint: async ({
        key,
        fn,
      }: {
        key: string;
        fn: () => Promise<any>;
      }) => {
        if (!checkpoints.has(key)) checkpoints.set(key, await fn());
        return checkpoints.get(key);
      },
      ...extra,
    } as any;
    return { ctx, lines, outputs, checkpoints };
  }

  it('encrypts a Secret in place from template secrets; sops -d gives the value back, nothing leaks', async () => {
    const { ctx, lines, outputs, checkpoints } = context({
      files: [
        {
          path: 'k8s/secret.yaml',
          secrets: { 'stringData.password': 'dbPassword' },
        },
      ],
      age: [recipient],
      gcpKms: [KMS_KEY],
      encryptedRegex: '^(data|stringData)$',
    });
    await makeAction().handler(ctx);

    const file = path.join(workspacePath, 'k8s/secret.yaml');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^kind: Secret$/m);
    expect(text).toMatch(/^ {4}mac: ENC\[/m);
    const plain = parse(
      (
        await runSops(['decrypt', file], { SOPS_AGE_KEY_FILE: keyFile })
      ).toString(),
    );
    expect(plain.stringData).toEqual({ username: 'app', password: SECRET });
    expect(plain.metadata).toEqual({ name: 'db' });

    // the secret value is nowhere: workspace, task log, output, checkpoints
    const everything = [
      JSON.stringify(readTree(workspacePath)),
      lines.join('\n'),
      JSON.stringify(outputs),
      JSON.stringify([...checkpoints.entries()]),
    ];
    for (const blob of everything) expect(blob).not.toContain(SECRET);
    expect(lines.join('\n')).toContain('k8s/secret.yaml');
    expect(lines.join('\n')).toContain(recipient);
    expect(JSON.stringify([...checkpoints.values()])).not.toMatch(
      /enc|BEGIN AGE/,
    );
    expect(outputs.files).toEqual([
      {
        path: 'k8s/secret.yaml',
        targetPath: 'k8s/secret.yaml',
        keys: [recipient, KMS_KEY],
      },
    ]);
    expect(kms.calls.map(c => c.method)).toEqual(['Encrypt']);
  });

  it('writes to a target path with the keys and rules of the workspace .sops.yaml', async () => {
    fs.writeFileSync(
      path.join(workspacePath, '.sops.yaml'),
      `creation_rules:\n  - path_regex: \\.env$\n    age: ${recipient}\n  - path_regex: k8s/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`,
    );
    const { ctx } = context({
      files: [
        {
          path: 'k8s/secret.yaml',
          targetPath: 'out/secret.enc.yaml',
          secrets: { 'stringData.password': 'dbPassword' },
        },
      ],
    });
    await makeAction().handler(ctx);
    expect(
      fs.readFileSync(path.join(workspacePath, 'k8s/secret.yaml'), 'utf8'),
    ).toBe(SECRET_TEMPLATE);
    const enc = fs.readFileSync(
      path.join(workspacePath, 'out/secret.enc.yaml'),
    );
    expect(enc.toString()).toMatch(/encrypted_regex: \^\(data\|stringData\)\$/);
    const ours = await decryptSops({
      input: enc,
      store: 'yaml',
      keySources: new KeySourceRegistry([
        new AgeKeySource({ identities: [identity] }),
      ]),
    });
    expect(parse(ours.output.toString()).stringData.password).toBe(SECRET);
  });

  it('dry run validates without writing and without calling KMS', async () => {
    const before = readTree(workspacePath);
    const { ctx, outputs } = context(
      {
        files: [
          {
            path: 'k8s/secret.yaml',
            secrets: { 'stringData.password': 'dbPassword' },
          },
        ],
        gcpKms: [KMS_KEY],
      },
      { isDryRun: true },
    );
    await makeAction().handler(ctx);
    expect(readTree(workspacePath)).toEqual(before);
    expect(kms.calls).toEqual([]);
    expect(outputs.files).toEqual([
      {
        path: 'k8s/secret.yaml',
        targetPath: 'k8s/secret.yaml',
        keys: [KMS_KEY],
      },
    ]);
  });

  it('dry run with age keys only encrypts for real: no plaintext secret in the dry-run workspace', async () => {
    const { ctx, outputs, checkpoints } = context(
      {
        files: [
          {
            path: 'k8s/secret.yaml',
            secrets: { 'stringData.password': 'dbPassword' },
          },
        ],
        age: [recipient],
        encryptedRegex: '^(data|stringData)$',
      },
      { isDryRun: true },
    );
    await makeAction().handler(ctx);
    const file = path.join(workspacePath, 'k8s/secret.yaml');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/^ {4}mac: ENC\[/m);
    expect(checkpoints.size).toBe(0);
    expect(outputs.files).toEqual([
      {
        path: 'k8s/secret.yaml',
        targetPath: 'k8s/secret.yaml',
        keys: [recipient],
      },
    ]);
    const plain = parse(
      (
        await runSops(['decrypt', file], { SOPS_AGE_KEY_FILE: keyFile })
      ).toString(),
    );
    expect(plain.stringData.password).toBe(SECRET);
  });

  it('is safe on retry: a completed checkpoint is not encrypted again', async () => {
    const input = { files: [{ path: 'k8s/secret.yaml' }], gcpKms: [KMS_KEY] };
    const { ctx } = context(input);
    const action = makeAction();
    await action.handler(ctx);
    const once = fs.readFileSync(
      path.join(workspacePath, 'k8s/secret.yaml'),
      'utf8',
    );
    await action.handler(ctx);
    expect(
      fs.readFileSync(path.join(workspacePath, 'k8s/secret.yaml'), 'utf8'),
    ).toBe(once);
    expect(kms.calls).toHaveLength(1);
  });

  describe('refuses a template secret the rules would leave in plaintext, naming the secret and the rule', () => {
    it.each([
      [
        'an annotation outside encrypted_regex',
        'metadata.annotations.token',
        { encryptedRegex: '^(data|stringData)$' },
        /'dbPassword' at key path 'metadata\.annotations\.token' would be written in plaintext: the rule encrypted_regex '\^\(data\|stringData\)\$'/,
      ],
      [
        'a key ending _unencrypted (default rule)',
        'stringData.password_unencrypted',
        {},
        /'dbPassword' at key path 'stringData\.password_unencrypted' would be written in plaintext: the rule unencrypted_suffix '_unencrypted'/,
      ],
      [
        'a key matching unencrypted_regex',
        'stringData.password',
        { unencryptedRegex: '^pass' },
        /'dbPassword' .* the rule unencrypted_regex '\^pass'/,
      ],
    ])('%s', async (_name, keyPath, rules, message) => {
      const input = {
        files: [
          { path: 'k8s/secret.yaml', secrets: { [keyPath]: 'dbPassword' } },
        ],
        age: [recipient],
        ...rules,
      };
      const before = readTree(workspacePath);
      for (const extra of [{}, { isDryRun: true }]) {
        const { ctx, lines } = context(input, extra);
        const run = makeAction().handler(ctx);
        await expect(run).rejects.toThrow(InputError);
        await expect(
          makeAction().handler(context(input, extra).ctx),
        ).rejects.toThrow(message);
        expect(lines.join('\n')).not.toContain(SECRET);
      }
      expect(readTree(workspacePath)).toEqual(before);

      // The real sops, given the same file with the value set, leaves it in
      // plaintext: the refusal is what keeps the secret out of the repository.
      const [parent, key] = [
        keyPath.split('.').slice(0, -1),
        keyPath.split('.').pop()!,
      ];
      const tree = parse(SECRET_TEMPLATE);
      let node = tree;
      for (const p of parent) node = node[p] ??= {};
      node[key] = 'marker-value-7f3a';
      const probe = path.join(tmpDir('sops-probe-'), 'secret.yaml');
      fs.writeFileSync(probe, stringify(tree));
      const flags = Object.entries(rules).flatMap(([k, v]) => [
        `--${k.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`,
        v as string,
      ]);
      const theirs = await runSops([
        'encrypt',
        '--age',
        recipient,
        ...flags,
        probe,
      ]);
      expect(theirs.toString()).toContain('marker-value-7f3a');
    });
  });

  describe('bad input is an InputError, KMS failures a permission or server error, and nothing changes', () => {
    const base = {
      files: [
        {
          path: 'k8s/secret.yaml',
          secrets: { 'stringData.password': 'dbPassword' },
        },
      ],
    };
    it.each([
      [
        'a key version instead of a CryptoKey',
        { ...base, gcpKms: [`${KMS_KEY}/cryptoKeyVersions/1`] },
        /key version/,
      ],
      [
        'a malformed age recipient',
        { ...base, age: ['age1notarecipient'] },
        /Malformed age recipient/,
      ],
      [
        'a path outside the workspace',
        { files: [{ path: '../etc/passwd' }], age: ['x'] },
        /outside the workspace/,
      ],
      [
        'a target outside the workspace',
        {
          files: [{ path: 'k8s/secret.yaml', targetPath: '/tmp/x.yaml' }],
          gcpKms: [KMS_KEY],
        },
        /outside the workspace/,
      ],
      [
        'an unknown store',
        {
          files: [{ path: 'k8s/secret.yaml', inputType: 'ini' }],
          gcpKms: [KMS_KEY],
        },
        /Unknown store 'ini'/,
      ],
      [
        'a missing template secret',
        {
          files: [{ path: 'k8s/secret.yaml', secrets: { a: 'nope' } }],
          gcpKms: [KMS_KEY],
        },
        /secret 'nope'/,
      ],
      ['no keys at all', base, /No master keys/],
    ])('%s', async (_name, input, message) => {
      const before = readTree(workspacePath);
      const { ctx } = context(input);
      const run = makeAction().handler(ctx);
      await expect(run).rejects.toThrow(InputError);
      await expect(makeAction().handler(context(input).ctx)).rejects.toThrow(
        message,
      );
      expect(readTree(workspacePath)).toEqual(before);
      expect(kms.calls).toEqual([]);
    });

    it('a file that is already encrypted', async () => {
      const { ctx } = context({
        files: [{ path: 'k8s/secret.yaml' }],
        gcpKms: [KMS_KEY],
      });
      await makeAction().handler(ctx);
      const before = readTree(workspacePath);
      const again = context({
        files: [{ path: 'k8s/secret.yaml' }],
        gcpKms: [KMS_KEY],
      });
      const run = makeAction().handler(again.ctx);
      await expect(run).rejects.toThrow(InputError);
      await expect(
        makeAction().handler(
          context({ files: [{ path: 'k8s/secret.yaml' }], gcpKms: [KMS_KEY] })
            .ctx,
        ),
      ).rejects.toThrow(/already encrypted/);
      expect(readTree(workspacePath)).toEqual(before);
    });

    it('KMS permission denied', async () => {
      const denied = 'projects/p/locations/global/keyRings/r/cryptoKeys/denied';
      kms.denyKey(denied);
      const before = readTree(workspacePath);
      const run = makeAction().handler(
        context({ ...base, gcpKms: [denied] }).ctx,
      );
      await expect(run).rejects.toThrow(NotAllowedError);
      await expect(run).rejects.toThrow(
        /permission denied.*cryptoKeyEncrypter.*KMS status PERMISSION_DENIED/,
      );
      expect(readTree(workspacePath)).toEqual(before);
    });

    it('a KMS failure on the second file leaves the first untouched too', async () => {
      const denied =
        'projects/p/locations/global/keyRings/r/cryptoKeys/denied-2';
      kms.denyKey(denied);
      fs.writeFileSync(
        path.join(workspacePath, 'k8s/other.yaml'),
        SECRET_TEMPLATE,
      );
      fs.writeFileSync(
        path.join(workspacePath, '.sops.yaml'),
        `creation_rules:\n  - path_regex: secret\\.yaml$\n    gcp_kms: ${KMS_KEY}\n  - path_regex: other\\.yaml$\n    gcp_kms: ${denied}\n`,
      );
      const before = readTree(workspacePath);
      const input = {
        files: [{ path: 'k8s/secret.yaml' }, { path: 'k8s/other.yaml' }],
      };
      const run = makeAction().handler(context(input).ctx);
      await expect(run).rejects.toThrow(/permission denied.*denied-2/);
      expect(kms.calls.map(c => c.name)).toEqual([KMS_KEY, denied]);
      expect(readTree(workspacePath)).toEqual(before);
    });

    it('KMS unavailable: retried with backoff, then the error', async () => {
      kms.failNextWithUnavailable(3);
      const before = readTree(workspacePath);
      const run = makeAction(3).handler(
        context({ ...base, gcpKms: [KMS_KEY] }).ctx,
      );
      // a server error carrying the KMS status, not bad user input
      await expect(run).rejects.toThrow(ServiceUnavailableError);
      await expect(run).rejects.toThrow(
        /unavailable.*after retries \(KMS status/,
      );
      expect(kms.calls).toHaveLength(3);
      expect(readTree(workspacePath)).toEqual(before);
    });

    it('KMS briefly unavailable: the retry succeeds', async () => {
      kms.failNextWithUnavailable(2);
      await makeAction(3).handler(context({ ...base, gcpKms: [KMS_KEY] }).ctx);
      expect(kms.calls).toHaveLength(3);
      expect(
        fs.readFileSync(path.join(workspacePath, 'k8s/secret.yaml'), 'utf8'),
      ).toMatch(/gcp_kms:/);
    });
  });
});
