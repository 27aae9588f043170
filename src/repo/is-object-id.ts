/**
 * Whether `value` is a git object id (40 lower-case hex digits, a commit sha or a blob id) or an
 * LFS object id (64, a sha256) — the only strings the Hub cache ever names a file after.
 * @internal
 */
export function isObjectId(value: unknown, length?: 40 | 64): value is string {
  if (typeof value !== 'string') return false;
  if (length !== undefined && value.length !== length) return false;
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}
