import type { ByteSource } from './byte-source.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** A source that counts what is read through it, and its live counters. */
export interface CountingSource {
  /** Reads through to the wrapped source, counting each read. */
  source: ByteSource;
  /** Updated after every read. */
  stats: ReadStats;
}

/** What a counting source has delivered so far. */
export interface ReadStats {
  /** Number of `read` calls. */
  requests: number;
  /** Bytes delivered. */
  bytes: number;
  /** Every range asked, `[start, end)`, in order. */
  ranges: [number, number][];
}

/**
 * Wraps a source and counts what is read through it — so "a metadata scan reads no image bytes"
 * is an assertion in a spec, and a user can see the I/O of a pass.
 * @example
 * const { source, stats } = countingSource({ source: await fromFile({ path }) });
 * // … read through `source` …
 * console.log(stats.bytes);
 */
export function countingSource(params: { source: ByteSource }): CountingSource {
  checkParams('countingSource', params, keysOf<Parameters<typeof countingSource>[0]>()('source'));
  const inner = params.source;
  const stats: ReadStats = { requests: 0, bytes: 0, ranges: [] };
  const source: ByteSource = {
    name: inner.name,
    byteLength: inner.byteLength,
    async read(start, end) {
      const bytes = await inner.read(start, end);
      stats.requests++;
      stats.bytes += bytes.length;
      stats.ranges.push([start, end]);
      return bytes;
    },
  };
  return { source, stats };
}
