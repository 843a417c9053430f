import { createHash } from 'node:crypto';

/** A deterministic hex string (digests, revisions, container ids) from a seed. */
export const hex = (seed: string, length = 40) =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);
