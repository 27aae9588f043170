import { createHash } from 'node:crypto';

/**
 * SHA-256 of a string (UTF-8), as the first `length` hex digits: a fingerprint, not a secret.
 * Synchronous: Web Crypto's `digest` runs on the thread pool, a round trip that costs more than
 * hashing a plan's few kilobytes.
 */
export function hexDigest(text: string, length = 24): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
