import { Command } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  AgeKeySource,
  GcpKmsKeySource,
  KeySourceRegistry,
  PgpKeySource,
  SOPS_STORE_NAMES,
  SopsEncryptionRules,
  SopsMasterKeyRef,
  createSopsStore,
  decryptSops,
  encryptSops,
  findSopsConfig,
  resolveCreationRule,
  storeNameForPath,
} from '@drktrc/plugin-sops-node';

/** Where the command reads and writes; swappable in tests. */
export interface SopsCommandIo {
  env: NodeJS.ProcessEnv;
  stdout: (data: Buffer) => void;
}

interface SopsCommandOptions {
  age?: string[];
  gcpKms?: string[];
  encryptedRegex?: string;
  inputType?: string;
  inPlace?: boolean;
  ignoreMac?: boolean;
}

/** age identities the way sops finds them: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the default file. */
function ageIdentities(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (env.SOPS_AGE_KEY) out.push(env.SOPS_AGE_KEY);
  const file =
    env.SOPS_AGE_KEY_FILE ||
    path.join(
      env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'),
      'sops/age/keys.txt',
    );
  if (fs.existsSync(file)) out.push(fs.readFileSync(file, 'utf8'));
  else if (env.SOPS_AGE_KEY_FILE)
    throw new InputError(`SOPS_AGE_KEY_FILE ${file} does not exist`);
  return out;
}

function keySources(env: NodeJS.ProcessEnv): KeySourceRegistry {
  return new KeySourceRegistry([
    new AgeKeySource({ identities: ageIdentities(env) }),
    // Like sops: SOPS_GCP_KMS_ENDPOINT overrides the endpoint (TLS; extra CA
    // through GRPC_DEFAULT_SSL_ROOTS_FILE_PATH), otherwise ADC and Google.
    new GcpKmsKeySource({ endpoint: env.SOPS_GCP_KMS_ENDPOINT || undefined }),
    new PgpKeySource(),
  ]);
}

function writeAtomically(target: string, data: Buffer): void {
  const tmp = `${target}.drktrc-${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode: fs.statSync(target).mode });
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readInput(file: string, opts: SopsCommandOptions) {
  if (!fs.existsSync(file)) throw new InputError(`File ${file} does not exist`);
  const store = createSopsStore(opts.inputType ?? storeNameForPath(file));
  return { input: fs.readFileSync(file), store };
}

/** `drktrc sops encrypt FILE`. */
export async function sopsEncrypt(
  file: string,
  opts: SopsCommandOptions,
  io: SopsCommandIo,
) {
  const { input, store } = readInput(file, opts);
  let keys: SopsMasterKeyRef[] = [
    ...(opts.age ?? []).map(id => ({ type: 'age' as const, id })),
    ...(opts.gcpKms ?? []).map(id => ({ type: 'gcp_kms' as const, id })),
  ];
  let rules: SopsEncryptionRules = opts.encryptedRegex
    ? { encrypted_regex: opts.encryptedRegex }
    : {};
  if (keys.length === 0) {
    const config = findSopsConfig(path.dirname(path.resolve(file)));
    if (!config) {
      throw new InputError(
        'No keys given (--age, --gcp-kms) and no .sops.yaml found',
      );
    }
    const plan = resolveCreationRule({
      configText: fs.readFileSync(config, 'utf8'),
      configDir: path.dirname(config),
      filePath: path.resolve(file),
    });
    keys = plan.keys;
    if (!opts.encryptedRegex) rules = plan.rules;
  }
  const output = await encryptSops({
    input,
    store,
    keys,
    rules,
    keySources: keySources(io.env),
  });
  if (opts.inPlace) writeAtomically(file, output);
  else io.stdout(output);
}

/** `drktrc sops decrypt FILE`. */
export async function sopsDecrypt(
  file: string,
  opts: SopsCommandOptions,
  io: SopsCommandIo,
) {
  const { input, store } = readInput(file, opts);
  const { output } = await decryptSops({
    input,
    store,
    keySources: keySources(io.env),
    allowMissingMac: opts.ignoreMac,
  });
  if (opts.inPlace) writeAtomically(file, output);
  else io.stdout(output);
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  value,
];

/** Registers `drktrc sops encrypt|decrypt`. */
export function registerSopsCommand(
  program: Command,
  io: SopsCommandIo = {
    env: process.env,
    stdout: data => process.stdout.write(data),
  },
) {
  const sops = program
    .command('sops')
    .description(
      'Encrypt and decrypt SOPS files (same format and rules as the sops CLI)',
    );
  const common = (cmd: Command) =>
    cmd
      .option(
        '--input-type <type>',
        `store: ${SOPS_STORE_NAMES.join('|')} (default from the file name)`,
      )
      .option('--in-place', 'write the result over FILE instead of stdout');
  common(
    sops
      .command('encrypt <file>')
      .description(
        'Encrypt FILE; keys from the options or the nearest .sops.yaml',
      )
      .option('--age <recipient>', 'age recipient (repeatable)', collect)
      .option(
        '--gcp-kms <resourceId>',
        'GCP KMS CryptoKey resource id (repeatable)',
        collect,
      )
      .option(
        '--encrypted-regex <re>',
        'encrypt only values under keys matching RE',
      ),
  ).action((file: string, opts: SopsCommandOptions) =>
    sopsEncrypt(file, opts, io),
  );
  common(
    sops
      .command('decrypt <file>')
      .description(
        'Decrypt FILE and verify its MAC; age identities from SOPS_AGE_KEY_FILE',
      )
      .option('--ignore-mac', 'accept a file without MAC'),
  ).action((file: string, opts: SopsCommandOptions) =>
    sopsDecrypt(file, opts, io),
  );
}
