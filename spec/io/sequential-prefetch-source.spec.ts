import { describe, expect, it } from 'vitest';
import { countingSource } from '../../src/io/counting-source.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import { sequentialPrefetchSource } from '../../src/io/sequential-prefetch-source.js';

const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 13) % 256);

describe('sequentialPrefetchSource', () => {
  it('fetches the next piece after a large read and serves a read inside it from memory', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes }) });
    const s = sequentialPrefetchSource({ source, minBytes: 1000 });
    expect(await s.read(0, 2000)).toEqual(bytes.slice(0, 2000));
    await new Promise((r) => setTimeout(r, 0));
    expect(stats.ranges).toEqual([[0, 2000], [2000, 4000]]);
    expect(await s.read(2100, 3900)).toEqual(bytes.slice(2100, 3900));
    // A hit starts the next prefetch; a read past the block fetches only the rest.
    expect(stats.ranges.slice(2)).toEqual([[3900, 5700]]);
    expect(await s.read(4000, 6000)).toEqual(bytes.slice(4000, 6000));
    expect(stats.ranges.slice(3)).toEqual([[5700, 6000], [6000, 8000]]);
  });

  it('lets small reads through without prefetching, and a failed prefetch does not fail the reader', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes }) });
    const s = sequentialPrefetchSource({ source, minBytes: 1000 });
    await s.read(9000, 9100);
    expect(stats.requests).toBe(1);
    // The prefetch after [8000, 10000) is empty (end of file): nothing is asked.
    await s.read(8000, 10_000);
    expect(stats.ranges).toEqual([[9000, 9100], [8000, 10_000]]);
  });
});
