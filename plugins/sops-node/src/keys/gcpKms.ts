import { InputError } from '@backstage/errors';
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import {
  credentials as grpcCredentials,
  ChannelCredentials,
} from '@grpc/grpc-js';
import { SopsKeyError } from '../format/errors';
import { formatSopsTimestamp } from '../format/metadata';
import { KeySource, SopsKeyEntry } from './types';

/** Options of {@link GcpKmsKeySource}. @public */
export interface GcpKmsKeySourceOptions {
  /**
   * `host:port` of a KMS-compatible endpoint (a fake one in tests). Without
   * it, the production endpoint with Application Default Credentials.
   */
  endpoint?: string;
  /** With `endpoint`: plaintext gRPC (loopback test servers). Default false: TLS. */
  insecure?: boolean;
  /** With `endpoint` and TLS: PEM CA certificate to trust. */
  caCert?: Buffer;
  /** Retries of UNAVAILABLE/DEADLINE_EXCEEDED with exponential backoff. */
  retry?: { attempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /** Overrides the client (tests). */
  client?: Pick<KeyManagementServiceClient, 'encrypt' | 'decrypt'>;
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

const CRYPTO_KEY_RE =
  /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

const GRPC_PERMISSION_DENIED = 7;
const GRPC_UNAUTHENTICATED = 16;
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;

/**
 * GCP Cloud KMS key source through `@google-cloud/kms`: `Encrypt` of the raw
 * data key with the CryptoKey, `enc` is the base64 ciphertext.
 * @public
 */
export class GcpKmsKeySource implements KeySource {
  readonly type = 'gcp_kms' as const;
  private client?: Pick<KeyManagementServiceClient, 'encrypt' | 'decrypt'>;

  constructor(private readonly options: GcpKmsKeySourceOptions = {}) {
    this.client = options.client;
  }

  entryId(entry: SopsKeyEntry): string {
    return entry.resource_id;
  }

  validate(id: string): void {
    if (CRYPTO_KEY_RE.test(id)) return;
    if (/\/cryptoKeyVersions\//.test(id)) {
      throw new InputError(
        `GCP KMS key '${id}' is a key version; use the CryptoKey (projects/P/locations/L/keyRings/R/cryptoKeys/K)`,
      );
    }
    throw new InputError(
      `Invalid GCP KMS key '${id}'; expected projects/P/locations/L/keyRings/R/cryptoKeys/K`,
    );
  }

  private getClient() {
    if (!this.client) {
      // Loaded on first use: the client library costs ~250 ms at startup,
      // which every age-only CLI run would otherwise pay.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { KeyManagementServiceClient: Client } =
        require('@google-cloud/kms') as typeof import('@google-cloud/kms');
      const { endpoint, insecure, caCert } = this.options;
      if (endpoint) {
        const m = /^(.*):(\d+)$/.exec(endpoint);
        const sslCreds: ChannelCredentials = insecure
          ? grpcCredentials.createInsecure()
          : grpcCredentials.createSsl(caCert ?? null);
        this.client = new Client({
          apiEndpoint: m ? m[1] : endpoint,
          port: m ? Number(m[2]) : 443,
          sslCreds,
          // fixed, so the client does not ask Application Default Credentials
          // (and the GCE metadata server) which universe it is in
          universeDomain: 'googleapis.com',
        });
      } else {
        this.client = new Client();
      }
    }
    return this.client;
  }

  private async call<T>(
    op: 'Encrypt' | 'Decrypt',
    keyId: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    const attempts = this.options.retry?.attempts ?? 5;
    let delay = this.options.retry?.initialDelayMs ?? 250;
    const maxDelay = this.options.retry?.maxDelayMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const code = (err as { code?: number }).code;
        const retriable =
          code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
        if (retriable && attempt < attempts) {
          await sleep(delay);
          delay = Math.min(delay * 2, maxDelay);
          continue;
        }
        if (code === GRPC_PERMISSION_DENIED || code === GRPC_UNAUTHENTICATED) {
          throw new InputError(
            `GCP KMS permission denied for ${op} with ${keyId} (needs roles/cloudkms.cryptoKey${
              op === 'Encrypt' ? 'Encrypter' : 'Decrypter'
            })`,
          );
        }
        if (retriable) {
          throw new InputError(
            `GCP KMS is unavailable (${op} with ${keyId} failed ${attempt} times)`,
          );
        }
        if (code === GRPC_NOT_FOUND) {
          throw new InputError(`GCP KMS key ${keyId} does not exist`);
        }
        throw new SopsKeyError(
          `GCP KMS ${op} with ${keyId} failed: ${(err as Error).message}`,
        );
      }
    }
  }

  async wrap(dataKey: Uint8Array, resourceId: string): Promise<SopsKeyEntry> {
    this.validate(resourceId);
    const [res] = await this.call('Encrypt', resourceId, () =>
      this.getClient().encrypt(
        { name: resourceId, plaintext: Buffer.from(dataKey) },
        { maxRetries: 0 },
      ),
    );
    const ciphertext = Buffer.from(res.ciphertext as Uint8Array);
    return {
      resource_id: resourceId,
      created_at: formatSopsTimestamp(new Date()),
      enc: ciphertext.toString('base64'),
    };
  }

  async unwrap(entry: SopsKeyEntry): Promise<Uint8Array> {
    this.validate(entry.resource_id);
    const [res] = await this.call('Decrypt', entry.resource_id, () =>
      this.getClient().decrypt(
        {
          name: entry.resource_id,
          ciphertext: Buffer.from(entry.enc, 'base64'),
        },
        { maxRetries: 0 },
      ),
    );
    return new Uint8Array(res.plaintext as Uint8Array);
  }
}
