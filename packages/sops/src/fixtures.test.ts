import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { expectSameContent } from './__testUtils__/compare';
import {
  AgeKeySource,
  KeySourceRegistry,
  PgpKeySource,
  SopsIntegrityError,
  SopsStoreName,
  decryptSops,
} from '.';
import {
  fixture,
  fixturePath,
  gpgHomeWith,
  removeGpgHome,
  runSops,
  tmpDir,
} from './__testUtils__/sops';

const ageKeys = [
  'fluxcd-kustomize-controller/keys/age.txt',
  'fluxcd-kustomize-controller/keys/age-global.txt',
  'fluxcd-kustomize-controller/keys/age-pq.txt',
].map(fixturePath);

const cases: Array<[string, SopsStoreName]> = [
  ['fluxcd-kustomize-controller/algorithms/age.yaml', 'yaml'],
  ['fluxcd-kustomize-controller/algorithms/age-pq.yaml', 'yaml'],
  ['fluxcd-kustomize-controller/algorithms/pgp.yaml', 'yaml'],
  ['fluxcd-kustomize-controller/global/secret.yaml', 'yaml'],
  ['fluxcd-kustomize-controller/envs/env.env', 'dotenv'],
  ['fluxcd-kustomize-controller/files/file.txt', 'binary'],
  ['getsops-sops/example.yaml', 'yaml'],
  ['getsops-sops/example.json', 'json'],
  ['getsops-sops/example.txt', 'binary'],
  ['getsops-sops/functional-tests/res/format.enc.yaml', 'yaml'],
  ['getsops-sops/functional-tests/res/format.enc.json', 'json'],
  ['getsops-sops/functional-tests/res/format.enc.env', 'dotenv'],
  ['getsops-sops/functional-tests/res/comments.enc.yaml', 'yaml'],
  ['getsops-sops/functional-tests/res/multiple_keys.yaml', 'yaml'],
];

// These tests run the real sops CLI and child processes on a shared machine.
jest.setTimeout(60_000);

describe('real sops fixtures', () => {
  let keySources: KeySourceRegistry;
  let env: Record<string, string>;
  let gnupgHome: string;

  beforeAll(async () => {
    gnupgHome = await gpgHomeWith([
      fixturePath('getsops-sops/pgp/sops_functional_tests_key.asc'),
      fixturePath('fluxcd-kustomize-controller/keys/pgp.asc'),
    ]);
    keySources = new KeySourceRegistry([
      new AgeKeySource({
        identities: ageKeys.map(k => fs.readFileSync(k, 'utf8')),
      }),
      new PgpKeySource({ gnupgHome }),
    ]);
    const keyFile = path.join(gnupgHome, 'age-keys.txt');
    fs.writeFileSync(
      keyFile,
      ageKeys.map(k => fs.readFileSync(k, 'utf8')).join('\n'),
    );
    env = { GNUPGHOME: gnupgHome, SOPS_AGE_KEY_FILE: keyFile };
  });

  afterAll(() => removeGpgHome(gnupgHome));

  it.each(cases)(
    'decrypts %s like sops -d, MAC verified',
    async (file, store) => {
      const result = await decryptSops({
        input: fixture(file),
        store,
        keySources,
      });
      const theirs = await runSops(
        [
          'decrypt',
          '--input-type',
          store,
          '--output-type',
          store,
          fixturePath(file),
        ],
        env,
      );
      expectSameContent(result.output, theirs, store);
    },
  );

  it('decrypts the sops file nested inside fluxcd inside/secret.yaml like sops -d', async () => {
    const outer = parseAllDocuments(
      fixture('fluxcd-kustomize-controller/inside/secret.yaml').toString(),
    )[0] as any;
    const inner = Buffer.from(outer.toJS().data.key, 'base64');
    const result = await decryptSops({
      input: inner,
      store: 'binary',
      keySources,
    });
    const file = path.join(tmpDir(), 'inner.bin');
    fs.writeFileSync(file, inner);
    const theirs = await runSops(
      ['decrypt', '--input-type', 'binary', '--output-type', 'binary', file],
      env,
    );
    expectSameContent(result.output, theirs, 'binary');
  });

  it('matches the published plaintext of the sops comments fixture', async () => {
    const result = await decryptSops({
      input: fixture('getsops-sops/functional-tests/res/comments.enc.yaml'),
      store: 'yaml',
      keySources,
    });
    expect(parseAllDocuments(result.output.toString())[0].toJS()).toEqual(
      parseAllDocuments(
        fixture('getsops-sops/functional-tests/res/comments.yaml').toString(),
      )[0].toJS(),
    );
  });

  it('refuses no_mac.yaml unless a missing MAC is explicitly allowed', async () => {
    const input = fixture('getsops-sops/functional-tests/res/no_mac.yaml');
    const refused = decryptSops({ input, store: 'yaml', keySources });
    await expect(refused).rejects.toThrow(SopsIntegrityError);
    await expect(refused).rejects.toThrow(/no MAC/);
    const allowed = await decryptSops({
      input,
      store: 'yaml',
      keySources,
      allowMissingMac: true,
    });
    const theirs = await runSops(
      [
        'decrypt',
        '--ignore-mac',
        fixturePath('getsops-sops/functional-tests/res/no_mac.yaml'),
      ],
      env,
    );
    expectSameContent(allowed.output, theirs, 'yaml');
  });
});
