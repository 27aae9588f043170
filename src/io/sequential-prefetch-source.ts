import type { ByteSource } from './byte-source.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * Wraps a source read front to back in large pieces (a Parquet file's row groups, one after
 * another): after a read of `[a, b)` of at least `minBytes`, the bytes after `b` are fetched in
 * the background, `depth` pieces of `b − a` bytes ahead, and a later read inside them is served
 * from memory (a read that runs past them fetches only the rest). Over a network this keeps
 * requests in flight while the reader decodes — ahead of the reader's own prefetch — at the cost
 * of about `depth` pieces held in memory. Small reads (footers, metadata columns) pass through
 * and trigger nothing; a read elsewhere drops what was fetched ahead.
 * @example
 * const source = sequentialPrefetchSource({ source: remote, minBytes: 1 << 20, depth: 2 });
 */
export function sequentialPrefetchSource(params: { source: ByteSource; minBytes?: number; depth?: number }): ByteSource {
  checkParams('sequentialPrefetchSource', params, keysOf<Parameters<typeof sequentialPrefetchSource>[0]>()('source', 'minBytes', 'depth'));
  const inner = params.source;
  const minBytes = params.minBytes ?? 1 << 20;
  const depth = Math.max(1, params.depth ?? 2);
  // Contiguous blocks fetched ahead, in file order.
  let blocks: { start: number; end: number; bytes: Promise<Uint8Array | undefined> }[] = [];
  const aheadEnd = () => (blocks.length ? blocks[blocks.length - 1].end : -1);

  const extend = (from: number, piece: number) => {
    const target = Math.min(inner.byteLength, from + depth * piece);
    let start = blocks.length ? aheadEnd() : from;
    while (start < target) {
      const end = Math.min(target, start + piece);
      // A failed prefetch is forgotten: the reader's own request then fetches (and reports) it.
      blocks.push({ start, end, bytes: inner.read(start, end).catch(() => undefined) });
      start = end;
    }
  };

  return {
    name: inner.name,
    byteLength: inner.byteLength,
    async read(start, end) {
      const first = blocks[0];
      if (!first || start < first.start || start >= aheadEnd() || end <= start) {
        blocks = [];
        const out = await inner.read(start, end);
        if (end - start >= minBytes) extend(end, end - start);
        return out;
      }
      // A read inside one block fetched ahead (the next row group, when it is no larger than the
      // last) is a view of it: no copy. The block lives as long as what was read from it.
      const within = blocks.find((b) => b.start <= start && end <= b.end);
      if (within) {
        const bytes = await within.bytes;
        if (bytes) {
          blocks = blocks.filter((b) => b.end > end);
          if (end - start >= minBytes) extend(end, end - start);
          return bytes.subarray(start - within.start, end - within.start);
        }
      }
      const out = new Uint8Array(end - start);
      let at = start;
      for (const block of blocks) {
        if (at >= end) break;
        if (block.end <= at) continue;
        const bytes = await block.bytes;
        const stop = Math.min(end, block.end);
        out.set(bytes ? bytes.subarray(at - block.start, stop - block.start) : await inner.read(at, stop), at - start);
        at = stop;
      }
      if (at < end) out.set(await inner.read(at, end), at - start);
      // Keep what lies past this read; drop the rest.
      blocks = blocks.filter((b) => b.end > end);
      if (end - start >= minBytes) extend(end, end - start);
      return out;
    },
  };
}
