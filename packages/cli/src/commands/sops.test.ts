import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  FakeKmsServer,
  createLoopbackCertificate,
} from '@drktrc/sops/testUtils';
import { parse } from 'yaml';
import { registerSopsCommand } from './sops';

function findRepoRoot(from: string): string {
  let dir = from;
  while (
    !JSON.parse(
      fs.existsSync(path.join(dir, 'package.json'))
        ? fs.readFileSync(path.join(dir, 'package.json'), 'utf8')
        : '{}',
    ).workspaces
  ) {
    if (path.dirname(dir) === dir) throw new Error('no repo root');
    dir = path.dirname(dir);
  }
  return dir;
}
const repoRoot = findRepoRoot(__dirname);

function run(
  bin: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    execFile(
      bin,
      args,
      { env: { ...process.env, ...env }, encoding: 'buffer', cwd },
      (err, stdout, stderr) =>
        err
          ? reject(
              new Error(
                `${path.basename(bin)} ${args.join(' ')}: ${stderr.toString()}`,
              ),
            )
          : resolve(stdout),
    ),
  );
}

function sops(args: string[], env: Record<string, string>, cwd?: string) {
  const bin = process.env.SOPS_BIN || path.join(repoRoot, '.tools/bin/sops');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `The real sops CLI was not found at ${bin}: run scripts/ensure-sops.sh (or set SOPS_BIN)`,
    );
  }
  return run(bin, args, env, cwd);
}

const emptyConfigHome = fs.mkdtempSync(
  path.join(os.tmpdir(), 'drktrc-sops-config-'),
);
afterAll(() => fs.rmSync(emptyConfigHome, { recursive: true, force: true }));

/** Runs `drktrc sops ...` in process and returns stdout. */
async function drktrc(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const program = new Command('drktrc').exitOverride();
  registerSopsCommand(program, {
    // An empty config home: the user's default age key file must not count.
    env: { XDG_CONFIG_HOME: emptyConfigHome, ...env },
    stdout: d => chunks.push(d),
    stderr: () => {},
    // sops searches .sops.yaml upwards from the working directory: start in
    // an empty temporary folder, never in the repository (whose parents are
    // outside it).
    cwd: cwd ?? emptyConfigHome,
  });
  await program.parseAsync(['node', 'drktrc', ...args]);
  return Buffer.concat(chunks);
}

const PLAIN = `apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
  password: hunter2-ünï
  count: 3
`;

// These tests run the real sops CLI and child processes on a shared machine.
jest.setTimeout(60_000);

describe('drktrc sops', () => {
  let dir: string;
  let recipient: string;
  let keyFile: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-sops-'));
    const identity = await generateIdentity();
    recipient = await identityToRecipient(identity);
    keyFile = path.join(dir, 'keys.txt');
    fs.writeFileSync(keyFile, `${identity}\n`);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('encrypt --age writes to stdout; sops -d and drktrc decrypt restore the input', async () => {
    const file = path.join(dir, 'secret.yaml');
    fs.writeFileSync(file, PLAIN);
    const enc = await drktrc([
      'sops',
      'encrypt',
      '--age',
      recipient,
      '--encrypted-regex',
      '^(data|stringData)$',
      file,
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(PLAIN);
    expect(enc.toString()).toMatch(/^kind: Secret$/m);
    const encFile = path.join(dir, 'secret.enc.yaml');
    fs.writeFileSync(encFile, enc);
    const theirs = await sops(['decrypt', encFile], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    expect(parse(theirs.toString())).toEqual(parse(PLAIN));
    const ours = await drktrc(['sops', 'decrypt', encFile], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    expect(parse(ours.toString())).toEqual(parse(PLAIN));
  });

  it('takes keys and rules from the .sops.yaml found from the working directory, as sops does, and encrypts in place', async () => {
    const project = path.join(dir, 'project');
    fs.mkdirSync(path.join(project, 'apps/prod'), { recursive: true });
    fs.writeFileSync(
      path.join(project, '.sops.yaml'),
      `creation_rules:\n  - path_regex: dev/.*\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n  - path_regex: prod/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    key_groups:\n      - age:\n          - ${recipient}\n`,
    );
    const file = path.join(project, 'apps/prod/secret.yaml');
    fs.writeFileSync(file, PLAIN);
    // like sops: the config is searched from the working directory
    await expect(
      drktrc(['sops', 'encrypt', file], {}, path.join(dir, 'elsewhere')),
    ).rejects.toThrow(/No master keys/);
    expect(
      await drktrc(['sops', 'encrypt', '--in-place', file], {}, project),
    ).toHaveLength(0);
    const enc = fs.readFileSync(file, 'utf8');
    expect(enc).toContain(recipient);
    expect(enc).toMatch(/encrypted_regex: \^\(data\|stringData\)\$/);
    expect(enc).not.toContain('hunter2');
    const theirs = await sops(['decrypt', file], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    expect(parse(theirs.toString())).toEqual(parse(PLAIN));
    await expect(
      drktrc(['sops', 'encrypt', '--in-place', file], {}, project),
    ).rejects.toThrow(/already encrypted/);
  });

  it('--age with a .sops.yaml keeps the rule fields, and no matching rule is refused, as in sops', async () => {
    const project = path.join(dir, 'flags');
    fs.mkdirSync(path.join(project, 'k8s'), { recursive: true });
    fs.writeFileSync(
      path.join(project, '.sops.yaml'),
      `creation_rules:\n  - path_regex: ^k8s/\n    encrypted_regex: ^(data|stringData)$\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n`,
    );
    const file = path.join(project, 'k8s/secret.yaml');
    fs.writeFileSync(file, PLAIN);
    const ours = await drktrc(
      ['sops', 'encrypt', '--age', recipient, file],
      {},
      project,
    );
    const theirs = await sops(
      ['encrypt', '--age', recipient, file],
      {},
      project,
    );
    // the values left in plaintext, before the sops metadata
    const plainLines = (b: Buffer) =>
      b
        .toString()
        .split(/^sops:/m)[0]
        .split('\n')
        .filter(l => /^\s*[a-z]+: [^E]/i.test(l));
    expect(plainLines(ours)).toEqual(plainLines(theirs));
    expect(ours.toString()).toMatch(/^apiVersion: v1$/m);
    expect(ours.toString()).toContain(recipient);
    expect(ours.toString()).not.toContain('hunter2');

    const outside = path.join(project, 'outside.yaml');
    fs.writeFileSync(outside, PLAIN);
    await expect(
      sops(['encrypt', '--age', recipient, outside], {}, project),
    ).rejects.toThrow(/no matching creation rules/);
    await expect(
      drktrc(['sops', 'encrypt', '--age', recipient, outside], {}, project),
    ).rejects.toThrow(
      /No creation rule in \.sops\.yaml matches 'outside\.yaml'/,
    );
  });

  it('--in-place never truncates: a comment-only file is refused and kept; a symlink stays a symlink', async () => {
    const file = path.join(dir, 'comments.yaml');
    fs.writeFileSync(file, '# nothing here\n');
    await expect(
      drktrc(['sops', 'encrypt', '--in-place', '--age', recipient, file]),
    ).rejects.toThrow(/no document/);
    expect(fs.readFileSync(file, 'utf8')).toBe('# nothing here\n');
    await expect(
      sops(['encrypt', '--in-place', '--age', recipient, file], {}),
    ).rejects.toThrow();

    const target = path.join(dir, 'target.yaml');
    fs.writeFileSync(target, PLAIN);
    const link = path.join(dir, 'link.yaml');
    fs.symlinkSync(target, link);
    await drktrc(['sops', 'encrypt', '--in-place', '--age', recipient, link]);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toMatch(/mac: ENC\[/);
  });

  it('--output-type converts the store, as sops does', async () => {
    const file = path.join(dir, 'convert.yaml');
    fs.writeFileSync(file, PLAIN);
    const enc = await drktrc([
      'sops',
      'encrypt',
      '--age',
      recipient,
      '--output-type',
      'json',
      file,
    ]);
    const encFile = path.join(dir, 'convert.enc.json');
    fs.writeFileSync(encFile, enc);
    const theirs = await sops(['decrypt', encFile], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    const ours = await drktrc(['sops', 'decrypt', encFile], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    expect(ours.toString()).toBe(theirs.toString());
    const asYaml = await drktrc(
      ['sops', 'decrypt', '--output-type', 'yaml', encFile],
      { SOPS_AGE_KEY_FILE: keyFile },
    );
    const sopsYaml = await sops(['decrypt', '--output-type', 'yaml', encFile], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    expect(asYaml.toString()).toBe(sopsYaml.toString());
  });

  it('refuses a wrong age key with a clear error', async () => {
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, '{"a": "b"}');
    const enc = await drktrc(['sops', 'encrypt', '--age', recipient, file]);
    fs.writeFileSync(file, enc);
    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, `${await generateIdentity()}\n`);
    await expect(
      drktrc(['sops', 'decrypt', file], { SOPS_AGE_KEY_FILE: other }),
    ).rejects.toThrow(/Could not decrypt the data key/);
  });

  it('GCP KMS through a fake server, whole process, both ways with the real sops', async () => {
    const tls = createLoopbackCertificate();
    const kms = await FakeKmsServer.start({ tls });
    try {
      const key = 'projects/p/locations/global/keyRings/r/cryptoKeys/k';
      const env = {
        SOPS_GCP_KMS_ENDPOINT: kms.tlsEndpoint!,
        // grpc-js and Go both trust the throwaway CA through these
        GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: tls.certFile,
        SSL_CERT_FILE: tls.certFile,
        GOOGLE_OAUTH_ACCESS_TOKEN: 'fake-token',
      };
      const file = path.join(dir, 'kms.env');
      fs.writeFileSync(file, 'API_KEY=abc\nOTHER=d e f\n');
      const cli = path.join(repoRoot, 'packages/cli/bin/drktrc');
      const enc = await run(
        process.execPath,
        [cli, 'sops', 'encrypt', '--gcp-kms', key, file],
        env,
      );
      const encFile = path.join(dir, 'kms.enc.env');
      fs.writeFileSync(encFile, enc);
      expect((await sops(['decrypt', encFile], env)).toString()).toBe(
        'API_KEY=abc\nOTHER=d e f\n',
      );

      const theirs = await sops(['encrypt', '--gcp-kms', key, file], env);
      fs.writeFileSync(encFile, theirs);
      const ours = await run(
        process.execPath,
        [cli, 'sops', 'decrypt', encFile],
        env,
      );
      expect(ours.toString()).toBe('API_KEY=abc\nOTHER=d e f\n');
      expect(kms.calls.map(c => c.method)).toEqual([
        'Encrypt',
        'Decrypt',
        'Encrypt',
        'Decrypt',
      ]);
    } finally {
      await kms.stop();
    }
  });
});
