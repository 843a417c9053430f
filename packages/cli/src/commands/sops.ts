import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  AgeKeySource,
  GcpKmsKeySource,
  KeySourceRegistry,
  PgpKeySource,
  SOPS_STORE_NAMES,
  SopsStoreName,
  ageIdentitiesFromEnv,
  createSopsStore,
  decryptSops,
  encryptSops,
  planSopsEncryption,
  storeNameForPath,
  writeFileAtomically,
} from '@drktrc/sops';

/** Where the command reads and writes; swappable in tests. */
export interface SopsCommandIo {
  env: NodeJS.ProcessEnv;
  stdout: (data: Buffer) => void;
  /** Warnings (what sops prints as warnings); default: process.stderr. */
  stderr?: (text: string) => void;
  /** Where `.sops.yaml` is searched from, as sops does; default process.cwd(). */
  cwd?: string;
}

interface SopsCommandOptions {
  age?: string[];
  gcpKms?: string[];
  encryptedRegex?: string;
  unencryptedRegex?: string;
  encryptedSuffix?: string;
  unencryptedSuffix?: string;
  macOnlyEncrypted?: boolean;
  config?: string;
  inputType?: SopsStoreName;
  outputType?: SopsStoreName;
  inPlace?: boolean;
  ignoreMac?: boolean;
}

function keySources(env: NodeJS.ProcessEnv): KeySourceRegistry {
  return new KeySourceRegistry([
    new AgeKeySource({ identities: ageIdentitiesFromEnv(env) }),
    // Like sops: SOPS_GCP_KMS_ENDPOINT overrides the endpoint (TLS; extra CA
    // through GRPC_DEFAULT_SSL_ROOTS_FILE_PATH), otherwise ADC and Google.
    new GcpKmsKeySource({ endpoint: env.SOPS_GCP_KMS_ENDPOINT || undefined }),
    new PgpKeySource(),
  ]);
}

function readInput(file: string, opts: SopsCommandOptions) {
  if (!fs.existsSync(file)) throw new InputError(`File ${file} does not exist`);
  const store = createSopsStore(opts.inputType ?? storeNameForPath(file));
  return { input: fs.readFileSync(file), store };
}

/** `drktrc sops encrypt FILE`: keys and rules planned as `sops encrypt` does. */
export async function sopsEncrypt(
  file: string,
  opts: SopsCommandOptions,
  io: SopsCommandIo,
) {
  const cwd = io.cwd ?? process.cwd();
  const plan = planSopsEncryption({
    filePath: path.resolve(cwd, file),
    inputType: opts.inputType,
    keys: [
      ...(opts.age ?? []).map(id => ({ type: 'age' as const, id })),
      ...(opts.gcpKms ?? []).map(id => ({ type: 'gcp_kms' as const, id })),
    ],
    rules: {
      encrypted_regex: opts.encryptedRegex,
      unencrypted_regex: opts.unencryptedRegex,
      encrypted_suffix: opts.encryptedSuffix,
      unencrypted_suffix: opts.unencryptedSuffix,
      mac_only_encrypted: opts.macOnlyEncrypted,
    },
    configFile: opts.config && path.resolve(cwd, opts.config),
    configSearchDir: cwd,
  });
  const warn = io.stderr ?? (text => process.stderr.write(text));
  plan.warnings.forEach(w => warn(`[drktrc sops] WARN: ${w}\n`));
  const { input, store } = readInput(plan.filePath, { inputType: plan.store });
  const output = await encryptSops({
    input,
    store,
    outputStore: opts.outputType,
    keys: plan.keys,
    rules: plan.rules,
    keySources: keySources(io.env),
  });
  if (opts.inPlace) writeFileAtomically(plan.filePath, output);
  else io.stdout(output);
}

/** `drktrc sops decrypt FILE`. */
export async function sopsDecrypt(
  file: string,
  opts: SopsCommandOptions,
  io: SopsCommandIo,
) {
  const { input, store } = readInput(file, opts);
  const { output: sameStore, branches } = await decryptSops({
    input,
    store,
    keySources: keySources(io.env),
    allowMissingMac: opts.ignoreMac,
    onWarning: w =>
      (io.stderr ?? (text => process.stderr.write(text)))(
        `[drktrc sops] WARN: ${w}\n`,
      ),
  });
  const output = opts.outputType
    ? createSopsStore(opts.outputType).emitPlain(branches)
    : sameStore;
  if (opts.inPlace) writeFileAtomically(file, output);
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
      .option(
        '--output-type <type>',
        `store of the output: ${SOPS_STORE_NAMES.join(
          '|',
        )} (default: the input store)`,
      )
      .option('--in-place', 'write the result over FILE instead of stdout');
  common(
    sops
      .command('encrypt <file>')
      .description(
        'Encrypt FILE; keys and rules from the options and the .sops.yaml creation rule, as sops does',
      )
      .option('--age <recipient>', 'age recipient (repeatable)', collect)
      .option(
        '--gcp-kms <resourceId>',
        'GCP KMS CryptoKey resource id (repeatable)',
        collect,
      )
      .option(
        '--config <file>',
        '.sops.yaml to use (default: searched upwards from the working directory, as sops does)',
      )
      .option(
        '--encrypted-regex <re>',
        'encrypt only values under keys matching RE (Go RE2 syntax)',
      )
      .option(
        '--unencrypted-regex <re>',
        'leave values under keys matching RE in plaintext',
      )
      .option(
        '--encrypted-suffix <suffix>',
        'encrypt only values under keys ending with SUFFIX',
      )
      .option(
        '--unencrypted-suffix <suffix>',
        'leave values under keys ending with SUFFIX in plaintext',
      )
      .option('--mac-only-encrypted', 'MAC over encrypted values only'),
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
