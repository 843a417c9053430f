/*
 * SOPS benchmark: our library in process, our CLI as a whole process, and the
 * real sops CLI, on the same files. Run from the repo root:
 *
 *   scripts/ensure-sops.sh
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/sops/bench.ts
 *
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  AgeKeySource,
  KeySourceRegistry,
  SopsEncryptionRules,
  decryptSops,
  encryptSops,
} from '@drktrc/sops';

const repoRoot = path.resolve(__dirname, '../..');
const sopsBin = process.env.SOPS_BIN || path.join(repoRoot, '.tools/bin/sops');
const cliBin = path.join(repoRoot, 'packages/cli/bin/drktrc');
// the built CLI that `drktrc` on PATH runs after `source scripts/env.sh`
const builtCli = path.join(repoRoot, '.tools/bin/drktrc');

function run(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    execFile(
      bin,
      args,
      { env, encoding: 'buffer', maxBuffer: 256 << 20 },
      (err, out, errOut) =>
        err
          ? reject(new Error(`${bin} ${args.join(' ')}: ${errOut}`))
          : resolve(out),
    ),
  );
}

async function median(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** About 1 MB of YAML: nested maps, lists, every scalar type. */
function largeYaml(): string {
  const parts: string[] = [];
  let i = 0;
  while (parts.join('').length < 1_000_000) {
    parts.push(
      `service_${i}:\n  name: service-${i}\n  replicas: ${i % 7}\n  ratio: ${
        (i % 100) / 8
      }\n  enabled: ${i % 2 === 0}\n  password: ${'p'.repeat(
        40,
      )}-${i}\n  tags:\n    - alpha-${i}\n    - beta\n  env:\n    LOG_LEVEL: info\n    TOKEN: ${'t'.repeat(
        60,
      )}\n`,
    );
    i++;
  }
  return parts.join('');
}

function manyKeySecret(n = 200): string {
  const lines = Array.from(
    { length: n },
    (_, k) => `  KEY_${k}: value-${k}-${'x'.repeat(24)}`,
  );
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\nstringData:\n${lines.join(
    '\n',
  )}\n`;
}

async function main() {
  if (!fs.existsSync(sopsBin))
    throw new Error(`sops not found at ${sopsBin}: run scripts/ensure-sops.sh`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sops-bench-'));
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const keyFile = path.join(dir, 'keys.txt');
  fs.writeFileSync(keyFile, `${identity}\n`);
  const env = { ...process.env, SOPS_AGE_KEY_FILE: keyFile };
  const keySources = new KeySourceRegistry([
    new AgeKeySource({ identities: [identity] }),
  ]);

  const cases: Array<{
    name: string;
    text: string | Buffer;
    ext?: string;
    rules: SopsEncryptionRules;
    runs: number;
  }> = [
    { name: 'start-up (tiny YAML)', text: 'a: b\n', rules: {}, runs: 11 },
    { name: '1 MB YAML', text: largeYaml(), rules: {}, runs: 5 },
    {
      name: '50 MB binary',
      text: Buffer.alloc(50 << 20, 'sops bench binary payload\n'),
      ext: 'bin',
      rules: {},
      runs: 3,
    },
    {
      name: '200-key Secret',
      text: manyKeySecret(),
      rules: { encrypted_regex: '^(data|stringData)$' },
      runs: 11,
    },
  ];

  const rows: string[] = [];
  for (const c of cases) {
    const store = c.ext === 'bin' ? 'binary' : 'yaml';
    const plain = path.join(
      dir,
      `${c.name.replace(/\W/g, '_')}.${c.ext ?? 'yaml'}`,
    );
    fs.writeFileSync(plain, c.text);
    const regexArgs = c.rules.encrypted_regex
      ? ['--encrypted-regex', c.rules.encrypted_regex]
      : [];
    const encrypted = await encryptSops({
      input: c.text,
      store,
      keys: [{ type: 'age', id: recipient }],
      rules: c.rules,
      keySources,
    });
    const encFile = path.join(dir, `enc-${path.basename(plain)}`);
    fs.writeFileSync(encFile, encrypted);

    const ours = {
      encrypt: await median(c.runs, () =>
        encryptSops({
          input: c.text,
          store,
          keys: [{ type: 'age', id: recipient }],
          rules: c.rules,
          keySources,
        }),
      ),
      decrypt: await median(c.runs, () =>
        decryptSops({ input: encrypted, store, keySources }),
      ),
    };
    const cli = {
      encrypt: await median(c.runs, () =>
        run(
          process.execPath,
          [cliBin, 'sops', 'encrypt', '--age', recipient, ...regexArgs, plain],
          env,
        ),
      ),
      decrypt: await median(c.runs, () =>
        run(
          process.execPath,
          [cliBin, 'sops', 'decrypt', '--input-type', store, encFile],
          env,
        ),
      ),
    };
    const built = {
      encrypt: await median(c.runs, () =>
        run(
          builtCli,
          ['sops', 'encrypt', '--age', recipient, ...regexArgs, plain],
          env,
        ),
      ),
      decrypt: await median(c.runs, () =>
        run(builtCli, ['sops', 'decrypt', '--input-type', store, encFile], env),
      ),
    };
    const sops = {
      encrypt: await median(c.runs, () =>
        run(sopsBin, ['encrypt', '--age', recipient, ...regexArgs, plain], env),
      ),
      decrypt: await median(c.runs, () =>
        run(sopsBin, ['decrypt', '--input-type', store, encFile], env),
      ),
    };
    for (const op of ['encrypt', 'decrypt'] as const) {
      rows.push(
        `| ${c.name} | ${op} | ${ours[op].toFixed(1)} | ${cli[op].toFixed(
          0,
        )} | ${built[op].toFixed(0)} | ${sops[op].toFixed(0)} | ${(
          ours[op] / sops[op]
        ).toFixed(2)} | ${(cli[op] / sops[op]).toFixed(2)} | ${(
          built[op] / sops[op]
        ).toFixed(2)} |`,
      );
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    [
      `Machine: ${os.cpus().length} cores (${
        os.cpus()[0]?.model ?? 'unknown'
      }), Node ${process.version}, sops 3.13.2; medians.`,
      '',
      '| file | op | ours in-process (ms) | CLI from sources (ms) | built `drktrc` (ms) | sops process (ms) | in-process / sops | sources / sops | built / sops |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
    ].join('\n'),
  );
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
