import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import {
  credentials as grpcCredentials,
  ChannelCredentials,
  status as grpcStatus,
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
  /**
   * Attempts in all for UNAVAILABLE/DEADLINE_EXCEEDED, through the client's
   * retry settings (exponential backoff). Default 5, from 250 ms to 5 s.
   */
  retry?: { attempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /** Overrides the client (tests). */
  client?: Pick<KeyManagementServiceClient, 'encrypt' | 'decrypt'>;
}

const CRYPTO_KEY_RE =
  /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

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

  /** The client's own retry of UNAVAILABLE and DEADLINE_EXCEEDED, with backoff. */
  private callOptions() {
    const attempts = this.options.retry?.attempts ?? 5;
    const initial = this.options.retry?.initialDelayMs ?? 250;
    const maxDelay = this.options.retry?.maxDelayMs ?? 5000;
    return {
      retry: {
        retryCodes: [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED],
        backoffSettings: {
          initialRetryDelayMillis: initial,
          retryDelayMultiplier: 2,
          maxRetryDelayMillis: maxDelay,
          initialRpcTimeoutMillis: 60_000,
          rpcTimeoutMultiplier: 1,
          maxRpcTimeoutMillis: 60_000,
          // (gax refuses a total timeout together with maxRetries)
          // gax counts every attempt, the first included
          maxRetries: Math.max(attempts, 1),
        },
      },
    };
  }

  private async call<T>(
    op: 'Encrypt' | 'Decrypt',
    keyId: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = err as Error & { code?: number; details?: string };
      const kmsStatus = `${grpcStatus[e.code ?? -1] ?? 'UNKNOWN'}${
        e.details ? `: ${e.details}` : ''
      }`;
      switch (e.code) {
        case grpcStatus.PERMISSION_DENIED:
        case grpcStatus.UNAUTHENTICATED:
          throw new NotAllowedError(
            `GCP KMS permission denied for ${op} with ${keyId} (needs roles/cloudkms.cryptoKey${
              op === 'Encrypt' ? 'Encrypter' : 'Decrypter'
            }; KMS status ${kmsStatus})`,
            e,
          );
        case grpcStatus.UNAVAILABLE:
        case grpcStatus.DEADLINE_EXCEEDED:
          throw new ServiceUnavailableError(
            `GCP KMS is unavailable: ${op} with ${keyId} failed after retries (KMS status ${kmsStatus})`,
            e,
          );
        case grpcStatus.NOT_FOUND:
          throw new InputError(`GCP KMS key ${keyId} does not exist`, e);
        default:
          throw new SopsKeyError(
            `GCP KMS ${op} with ${keyId} failed (KMS status ${kmsStatus})`,
          );
      }
    }
  }

  async wrap(dataKey: Uint8Array, resourceId: string): Promise<SopsKeyEntry> {
    this.validate(resourceId);
    const [res] = await this.call('Encrypt', resourceId, () =>
      this.getClient().encrypt(
        { name: resourceId, plaintext: Buffer.from(dataKey) },
        this.callOptions(),
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
        this.callOptions(),
      ),
    );
    return new Uint8Array(res.plaintext as Uint8Array);
  }
}
