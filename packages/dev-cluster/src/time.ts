/** Durations in milliseconds and the timestamp format Kubernetes writes. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** RFC 3339 without fractional seconds, as Kubernetes writes timestamps. */
export const rfc3339 = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
