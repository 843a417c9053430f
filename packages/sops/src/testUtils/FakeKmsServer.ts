import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Server,
  ServerCredentials,
  ServerUnaryCall,
  sendUnaryData,
  status,
  loadPackageDefinition,
  GrpcObject,
  ServiceClientConstructor,
} from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';

/** One call the fake server received (never the plaintext). @public */
export interface FakeKmsCall {
  method: 'Encrypt' | 'Decrypt';
  name: string;
}

/** A TLS certificate for the fake server's TLS port. @public */
export interface FakeKmsTls {
  cert: Buffer;
  key: Buffer;
}

/** Options of {@link FakeKmsServer.start}. @public */
export interface FakeKmsServerOptions {
  /** Also serve TLS (the real sops CLI only speaks TLS to an endpoint). */
  tls?: FakeKmsTls;
}

const CRYPTO_KEY_RE =
  /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
const MAGIC = Buffer.from('fakekms1');

type Unary<Req, Res> = (
  call: ServerUnaryCall<Req, Res>,
  cb: sendUnaryData<Res>,
) => void;

/**
 * A real gRPC server on loopback speaking the Cloud KMS v1 `Encrypt` and
 * `Decrypt` methods. Ciphertexts are AES-256-GCM under a per-server secret,
 * bound to the CryptoKey name. Failures can be injected per key.
 * @public
 */
export class FakeKmsServer {
  /** Calls received, in order (names only). */
  readonly calls: FakeKmsCall[] = [];
  private readonly secret = randomBytes(32);
  private readonly denied = new Set<string>();
  private unavailableCount = 0;

  private constructor(
    private readonly server: Server,
    /** Plaintext gRPC `127.0.0.1:port`. */
    readonly endpoint: string,
    /** TLS `127.0.0.1:port`, when started with `tls`. */
    readonly tlsEndpoint: string | undefined,
  ) {}

  static async start(
    options: FakeKmsServerOptions = {},
  ): Promise<FakeKmsServer> {
    // eslint-disable-next-line @backstage/no-relative-monorepo-imports
    const json = require('@google-cloud/kms/build/protos/protos.json');
    const definition = fromJSON(json, {
      keepCase: false,
      longs: String,
      defaults: true,
    });
    const grpc = loadPackageDefinition(definition) as GrpcObject;
    const service = (
      ((grpc.google as GrpcObject).cloud as GrpcObject).kms as GrpcObject
    ).v1 as GrpcObject;
    const ctor = service.KeyManagementService as ServiceClientConstructor;

    const server = new Server();
    const ref: { current?: FakeKmsServer } = {};
    const encrypt: Unary<{ name: string; plaintext: Buffer }, object> = (
      call,
      cb,
    ) =>
      ref.current!.handle('Encrypt', call.request.name, cb, () =>
        ref.current!.seal(call.request),
      );
    const decrypt: Unary<{ name: string; ciphertext: Buffer }, object> = (
      call,
      cb,
    ) =>
      ref.current!.handle('Decrypt', call.request.name, cb, () =>
        ref.current!.open(call.request),
      );
    server.addService(ctor.service, { encrypt, decrypt });

    const bind = (creds: ServerCredentials) =>
      new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', creds, (err, port) =>
          err ? reject(err) : resolve(port),
        ),
      );
    const port = await bind(ServerCredentials.createInsecure());
    const tlsPort = options.tls
      ? await bind(
          ServerCredentials.createSsl(null, [
            { cert_chain: options.tls.cert, private_key: options.tls.key },
          ]),
        )
      : undefined;
    ref.current = new FakeKmsServer(
      server,
      `127.0.0.1:${port}`,
      tlsPort ? `127.0.0.1:${tlsPort}` : undefined,
    );
    return ref.current;
  }

  /** Answers PERMISSION_DENIED for this CryptoKey from now on. */
  denyKey(name: string): void {
    this.denied.add(name);
  }

  /** Answers UNAVAILABLE to the next `count` calls. */
  failNextWithUnavailable(count: number): void {
    this.unavailableCount = count;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve =>
      this.server.tryShutdown(() => resolve()),
    );
  }

  private handle(
    method: 'Encrypt' | 'Decrypt',
    name: string,
    cb: sendUnaryData<object>,
    fn: () => object,
  ): void {
    this.calls.push({ method, name });
    if (this.unavailableCount > 0) {
      this.unavailableCount--;
      cb({ code: status.UNAVAILABLE, details: 'fake KMS: unavailable' });
      return;
    }
    if (!CRYPTO_KEY_RE.test(name)) {
      cb({
        code: status.INVALID_ARGUMENT,
        details: `fake KMS: invalid CryptoKey name ${name}`,
      });
      return;
    }
    if (this.denied.has(name)) {
      cb({
        code: status.PERMISSION_DENIED,
        details: `Permission 'cloudkms.cryptoKeyVersions.use${
          method === 'Encrypt' ? 'ToEncrypt' : 'ToDecrypt'
        }' denied on resource '${name}'`,
      });
      return;
    }
    try {
      cb(null, fn());
    } catch {
      cb({
        code: status.INVALID_ARGUMENT,
        details: 'Decryption failed: the ciphertext is invalid.',
      });
    }
  }

  private seal(req: { name: string; plaintext: Buffer }): object {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    c.setAAD(Buffer.from(req.name));
    const ct = Buffer.concat([c.update(req.plaintext), c.final()]);
    return {
      name: `${req.name}/cryptoKeyVersions/1`,
      ciphertext: Buffer.concat([MAGIC, iv, ct, c.getAuthTag()]),
      protectionLevel: 'SOFTWARE',
    };
  }

  private open(req: { name: string; ciphertext: Buffer }): object {
    const buf = Buffer.from(req.ciphertext);
    if (!buf.subarray(0, MAGIC.length).equals(MAGIC))
      throw new Error('bad ciphertext');
    const iv = buf.subarray(MAGIC.length, MAGIC.length + 12);
    const tag = buf.subarray(buf.length - 16);
    const d = createDecipheriv('aes-256-gcm', this.secret, iv);
    d.setAAD(Buffer.from(req.name));
    d.setAuthTag(tag);
    const plaintext = Buffer.concat([
      d.update(buf.subarray(MAGIC.length + 12, buf.length - 16)),
      d.final(),
    ]);
    return { plaintext, protectionLevel: 'SOFTWARE' };
  }
}

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, made with
 * the `openssl` binary. `certFile` is what the Go sops CLI trusts through
 * `SSL_CERT_FILE`.
 * @public
 */
export function createLoopbackCertificate(): FakeKmsTls & {
  certFile: string;
  dir: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kms-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: fs.readFileSync(certFile),
    key: fs.readFileSync(keyFile),
    certFile,
    dir,
  };
}
