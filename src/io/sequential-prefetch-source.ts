import type { ByteSource } from './byte-source.js';

/**
 * Wraps a source read front to back in large pieces (a Parquet file's row groups, one after
 * another): after a read of `[a, b)` of at least `minBytes`, the next `b − a` bytes are fetched in
 * the background, and a later read inside them is served from memory (a read that runs past them
 * fetches only the rest). Over a network this keeps a request in flight while the previous row
 * group is decoded — one row group ahead of the reader's own prefetch — at the cost of at most one
 * piece held in memory. Small reads (footers, metadata columns) pass through and trigger nothing.
 * @example
 * const source = sequentialPrefetchSource({ source: remote, minBytes: 1 << 20 });
 */
export function sequentialPrefetchSource(params: { source: ByteSource; minBytes?: number }): ByteSource {
  const inner = params.source;
  const minBytes = params.minBytes ?? 1 << 20;
  let ahead: { start: number; end: number; bytes: Promise<Uint8Array> } | undefined;

  const prefetch = (start: number, length: number) => {
    const end = Math.min(inner.byteLength, start + length);
    if (end <= start) return;
    const bytes = inner.read(start, end);
    // A failed prefetch is dropped: the reader's own request will then fetch (and report) it.
    bytes.catch(() => {
      if (ahead?.bytes === bytes) ahead = undefined;
    });
    ahead = { start, end, bytes };
  };

  return {
    name: inner.name,
    byteLength: inner.byteLength,
    async read(start, end) {
      const hit = ahead && start >= ahead.start && start < ahead.end && end > start ? ahead : undefined;
      let out: Uint8Array;
      if (hit) {
        const cached = await hit.bytes.catch(() => undefined);
        if (!cached) out = await inner.read(start, end);
        // The block is dropped below, so a view of it is as good as a copy: nobody else holds it.
        else if (end <= hit.end) out = cached.subarray(start - hit.start, end - hit.start);
        else {
          const rest = await inner.read(hit.end, end);
          out = new Uint8Array(end - start);
          out.set(cached.subarray(start - hit.start), 0);
          out.set(rest, hit.end - start);
        }
        if (ahead === hit) ahead = undefined;
      } else out = await inner.read(start, end);
      if (end - start >= minBytes && !ahead) prefetch(end, end - start);
      return out;
    },
  };
}
