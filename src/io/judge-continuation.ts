import { normalizeEtag, parseContentRange } from '../internal/http-headers.js';

/** What to do with the answer to a range request that continues a cut body. */
export type Continuation = { verdict: 'splice' } | { verdict: 'retry' } | { verdict: 'refuse'; message: string; code?: 'SOURCE_CHANGED' };

/**
 * Judges the answer to the range request that continues a body cut at byte `start`: spliced on
 * only when it is a 206 from exactly that byte and carries the ETag of the first part (when both
 * have one); a 5xx or 429 is one more try; anything else is refused, since splicing it would mix
 * other bytes, or another version of the file, into the body.
 * @internal
 */
export function judgeContinuation(params: { status: number; contentRange: string | null; start: number; etag: string | null; nextEtag: string | null }): Continuation {
  const { status, etag, nextEtag } = params;
  const got = parseContentRange(params.contentRange);
  if (status !== 206 || !got || got.start !== params.start) {
    if (status >= 500 || status === 429) return { verdict: 'retry' };
    return { verdict: 'refuse', message: `cannot continue a cut body: the server answered ${status} to a range request` };
  }
  if (etag && nextEtag && normalizeEtag(etag) !== normalizeEtag(nextEtag)) {
    return { verdict: 'refuse', message: 'the file changed on the server while it was being read (its ETag changed); pin a revision', code: 'SOURCE_CHANGED' };
  }
  return { verdict: 'splice' };
}
