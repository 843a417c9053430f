import fs from 'node:fs';
import path from 'node:path';
import { NotAllowedError } from '@backstage/errors';
import {
  GcpKmsKeySource,
  KeySourceRegistry,
  SopsStoreName,
  decryptSops,
  encryptSops,
} from '.';
import { FakeKmsServer, createLoopbackCertificate } from './testUtils';
import { expectSameContent } from './__testUtils__/compare';
import {
  SAMPLE_DOTENV,
  SAMPLE_JSON,
  SAMPLE_YAML,
} from './__testUtils__/samples';
import { runSops, tmpDir } from './__testUtils__/sops';

const KEY =
  'projects/drktrc/locations/europe-west2/keyRings/sops/cryptoKeys/dev';

// These tests run the real sops CLI and child processes on a shared machine.
jest.setTimeout(60_000);

describe('GCP KMS through the fake Cloud KMS gRPC server', () => {
  let kms: FakeKmsServer;
  let env: Record<string, string>;
  let keySources: KeySourceRegistry;
  let dir: string;

  beforeAll(async () => {
    const tls = createLoopbackCertificate();
    kms = await FakeKmsServer.start({ tls });
    // The real sops speaks TLS to SOPS_GCP_KMS_ENDPOINT and trusts SSL_CERT_FILE;
    // a static token keeps it from looking for Google credentials.
    env = {
      SOPS_GCP_KMS_ENDPOINT: kms.tlsEndpoint!,
      SSL_CERT_FILE: tls.certFile,
      GOOGLE_OAUTH_ACCESS_TOKEN: 'fake-token',
    };
    keySources = new KeySourceRegistry([
      new GcpKmsKeySource({
        endpoint: kms.endpoint,
        insecure: true,
        retry: { attempts: 2, initialDelayMs: 5 },
      }),
    ]);
    dir = tmpDir();
  });
  afterAll(() => kms.stop());

  const samples: Array<[SopsStoreName, Buffer, string]> = [
    ['yaml', Buffer.from(SAMPLE_YAML), 'yaml'],
    ['json', Buffer.from(SAMPLE_JSON), 'json'],
    ['dotenv', Buffer.from(SAMPLE_DOTENV), 'env'],
    ['binary', Buffer.from([0, 1, 2, 250, 251, 10, 65]), 'bin'],
  ];

  it.each(samples)(
    '%s: ours encrypts, sops -d restores; sops encrypts, ours decrypts',
    async (store, input, ext) => {
      const ours = await encryptSops({
        input,
        store,
        keys: [{ type: 'gcp_kms', id: KEY }],
        keySources,
      });
      expect(ours.toString()).toContain(KEY);
      const file = path.join(dir, `ours.${ext}`);
      fs.writeFileSync(file, ours);
      expectSameContent(
        await runSops(
          ['decrypt', '--input-type', store, '--output-type', store, file],
          env,
        ),
        input,
        store,
      );

      const plainFile = path.join(dir, `plain.${ext}`);
      fs.writeFileSync(plainFile, input);
      const theirs = await runSops(
        [
          'encrypt',
          '--gcp-kms',
          KEY,
          '--input-type',
          store,
          '--output-type',
          store,
          plainFile,
        ],
        env,
      );
      const result = await decryptSops({ input: theirs, store, keySources });
      expectSameContent(result.output, input, store);
      expect(result.openedWith).toEqual({ type: 'gcp_kms', id: KEY });
    },
  );

  it('the real @google-cloud/kms client refuses a key version and a denied key clearly', async () => {
    await expect(
      encryptSops({
        input: 'a: b',
        store: 'yaml',
        keys: [{ type: 'gcp_kms', id: `${KEY}/cryptoKeyVersions/3` }],
        keySources,
      }),
    ).rejects.toThrow(/is a key version; use the CryptoKey/);
    const denied = `${KEY}-denied`;
    kms.denyKey(denied);
    const err = await encryptSops({
      input: 'a: b',
      store: 'yaml',
      keys: [{ type: 'gcp_kms', id: denied }],
      keySources,
    }).catch(e => e);
    expect(err).toBeInstanceOf(NotAllowedError);
    expect(err.message).toMatch(
      /permission denied for Encrypt with .*-denied \(needs roles\/cloudkms.cryptoKeyEncrypter; KMS status PERMISSION_DENIED/,
    );
  });
});
