import type { ByteSource } from './byte-source.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * Wraps a source so that the first read near its end fetches the last `tailBytes` at once and
 * later reads inside them are served from memory. A Parquet footer is read as "the last 8
 * bytes, then the metadata before them": over HTTP that is two round trips, and this makes it
 * one. Reads elsewhere pass through untouched.
 * @example
 * const source = readAheadSource({ source: remote, tailBytes: 64 * 1024 });
 * await openShard({ byteSource: source }); // one request for the footer
 */
export function readAheadSource(params: { source: ByteSource; tailBytes: number }): ByteSource {
  checkParams('readAheadSource', params, keysOf<Parameters<typeof readAheadSource>[0]>()('source', 'tailBytes'));
  const inner = params.source;
  const tailStart = Math.max(0, inner.byteLength - Math.max(0, Math.floor(params.tailBytes)));
  let tail: Promise<Uint8Array> | undefined;
  return {
    name: inner.name,
    byteLength: inner.byteLength,
    async read(start, end) {
      if (start < tailStart || end > inner.byteLength || end < start || tailStart === inner.byteLength) return inner.read(start, end);
      if (!tail) {
        tail = inner.read(tailStart, inner.byteLength);
        // A failed read-ahead is forgotten, so the next read tries again.
        tail.catch(() => (tail = undefined));
      }
      const bytes = await tail;
      return bytes.slice(start - tailStart, end - tailStart);
    },
  };
}
