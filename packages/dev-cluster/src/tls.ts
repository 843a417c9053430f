import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const alg = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
} as const;

const DAY = 24 * 60 * 60 * 1000;

/** A CA certificate and its private key, PEM encoded. */
export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

/** A serving certificate (signed by the CA) and its key, PEM encoded. */
export interface ServingCertificate {
  certPem: string;
  keyPem: string;
}

const toPem = (der: ArrayBuffer, label: string) =>
  x509.PemConverter.encode(der, label);

const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');

/** Generates a self-signed ECDSA P-256 CA valid for ten years. */
export async function generateCertificateAuthority(): Promise<CertificateAuthority> {
  const keys = await webcrypto.subtle.generateKey(alg, true, [
    'sign',
    'verify',
  ]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=drktrc-dev-cluster-ca',
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(
        keys.publicKey as CryptoKey,
      ),
    ],
  });
  return {
    certPem: cert.toString('pem'),
    keyPem: toPem(
      await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as CryptoKey),
      'PRIVATE KEY',
    ),
  };
}

/** Issues a serving certificate for 127.0.0.1, ::1 and localhost. */
export async function issueServingCertificate(
  ca: CertificateAuthority,
): Promise<ServingCertificate> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.keyPem),
    alg,
    false,
    ['sign'],
  );
  const keys = await webcrypto.subtle.generateKey(alg, true, [
    'sign',
    'verify',
  ]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=kube-apiserver',
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    publicKey: keys.publicKey as CryptoKey,
    signingKey: caKey as CryptoKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return {
    certPem: cert.toString('pem'),
    keyPem: toPem(
      await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as CryptoKey),
      'PRIVATE KEY',
    ),
  };
}
