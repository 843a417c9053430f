import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  FakeKmsServer,
  createLoopbackCertificate,
} from '@drktrc/plugin-sops-node/testing';
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

function sops(args: string[], env: Record<string, string>) {
  const bin = process.env.SOPS_BIN || path.join(repoRoot, '.tools/bin/sops');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `The real sops CLI was not found at ${bin}: run scripts/ensure-sops.sh (or set SOPS_BIN)`,
    );
  }
  return run(bin, args, env);
}

const emptyConfigHome = fs.mkdtempSync(
  path.join(os.tmpdir(), 'drktrc-sops-config-'),
);
afterAll(() => fs.rmSync(emptyConfigHome, { recursive: true, force: true }));

/** Runs `drktrc sops ...` in process and returns stdout. */
async function drktrc(
  args: string[],
  env: Record<string, string> = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const program = new Command('drktrc').exitOverride();
  registerSopsCommand(program, {
    // An empty config home: the user's default age key file must not count.
    env: { XDG_CONFIG_HOME: emptyConfigHome, ...env },
    stdout: d => chunks.push(d),
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

  it('takes keys and rules from the nearest .sops.yaml and encrypts in place', async () => {
    const project = path.join(dir, 'project');
    fs.mkdirSync(path.join(project, 'apps/prod'), { recursive: true });
    fs.writeFileSync(
      path.join(project, '.sops.yaml'),
      `creation_rules:\n  - path_regex: dev/.*\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n  - path_regex: prod/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    key_groups:\n      - age:\n          - ${recipient}\n`,
    );
    const file = path.join(project, 'apps/prod/secret.yaml');
    fs.writeFileSync(file, PLAIN);
    expect(await drktrc(['sops', 'encrypt', '--in-place', file])).toHaveLength(
      0,
    );
    const enc = fs.readFileSync(file, 'utf8');
    expect(enc).toContain(recipient);
    expect(enc).toMatch(/encrypted_regex: \^\(data\|stringData\)\$/);
    expect(enc).not.toContain('hunter2');
    const theirs = await sops(['decrypt', file], {
      SOPS_AGE_KEY_FILE: keyFile,
    });
    expect(parse(theirs.toString())).toEqual(parse(PLAIN));
    await expect(
      drktrc(['sops', 'encrypt', '--in-place', file]),
    ).rejects.toThrow(/already encrypted/);
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
