import { X509Certificate } from 'node:crypto';
import { InputError } from '@backstage/errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Throws unless `value` is a DNS label (RFC 1123): what `field` must be. */
export function assertDnsLabel(field: string, value: string): void {
  if (!DNS_LABEL.test(value)) {
    throw new InputError(
      `${field}: '${value}' is not a DNS label; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
}

/**
 * Parses a Kubernetes API server URL: https only, a host, no credentials,
 * path, query or fragment. Returns the normalised URL (no trailing slash).
 */
export function parseApiServerUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `${field}: '${value}' is not a valid URL; give the API server as https://HOST[:PORT]`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      `${field}: the API server must use https (got ${url.protocol.replace(
        ':',
        '',
      )}); give https://HOST[:PORT]`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      `${field}: the API server URL must not contain credentials`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new InputError(
      `${field}: give the API server as https://HOST[:PORT] without a path, query or fragment`,
    );
  }
  return `https://${url.host}`;
}

const PEM_CERT =
  /^\s*-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

/**
 * Checks that `pem` is one PEM X.509 certificate valid now; returns it
 * normalised (trimmed, ending with a newline).
 */
export function parseCaCertificate(
  field: string,
  pem: string,
  now: Date = new Date(),
): string {
  let cert: X509Certificate;
  if (!PEM_CERT.test(pem)) {
    throw new InputError(
      `${field}: not a PEM certificate; give the cluster CA as -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----`,
    );
  }
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new InputError(
      `${field}: the PEM block is not a valid X.509 certificate; give the cluster CA certificate`,
    );
  }
  if (new Date(cert.validTo) < now) {
    throw new InputError(
      `${field}: the CA certificate expired on ${new Date(
        cert.validTo,
      ).toISOString()}; give the cluster's current CA`,
    );
  }
  if (new Date(cert.validFrom) > now) {
    throw new InputError(
      `${field}: the CA certificate is not valid before ${new Date(
        cert.validFrom,
      ).toISOString()}`,
    );
  }
  return `${pem.trim()}\n`;
}
