/**
 * cert-manager vocabulary shared by the seed and the simulated renewal
 * controller: the lifetime of the seeded certificates (Let's Encrypt's 90
 * days, renewed 30 days before expiry) and the messages cert-manager writes.
 */
import { DAY } from '../time';

export const CERTIFICATE_DURATION_MS = 90 * DAY;
export const RENEW_BEFORE_MS = 30 * DAY;

/** A duration the way cert-manager's spec fields print it (Go's time.Duration). */
const goDuration = (ms: number) => `${ms / 3_600_000}h0m0s`;

export const CERTIFICATE_DURATION = goDuration(CERTIFICATE_DURATION_MS);
export const RENEW_BEFORE = goDuration(RENEW_BEFORE_MS);

export const CERTIFICATE_READY_MESSAGE =
  'Certificate is up to date and has not expired';

export const certificateExpiredMessage = (notAfter: number) =>
  `Certificate expired on ${new Date(notAfter).toUTCString()}`;
