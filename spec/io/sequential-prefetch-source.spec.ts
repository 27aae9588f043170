import { describe, expect, it } from 'vitest';
import { countingSource } from '../../src/io/counting-source.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import { sequentialPrefetchSource } from '../../src/io/sequential-prefetch-source.js';

const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 13) % 256);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('sequentialPrefetchSource', () => {
  it('fetches the next pieces after a large read and serves reads inside them from memory', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes }) });
    const s = sequentialPrefetchSource({ source, minBytes: 1000, depth: 2 });
    expect(await s.read(0, 2000)).toEqual(bytes.slice(0, 2000));
    await tick();
    expect(stats.ranges).toEqual([[0, 2000], [2000, 4000], [4000, 6000]]);
    // Inside the first block: served from memory; the window moves on by one piece.
    expect(await s.read(2000, 3900)).toEqual(bytes.slice(2000, 3900));
    await tick();
    expect(stats.ranges.slice(3)).toEqual([[6000, 7700]]);
    // Across two blocks: stitched from memory, nothing fetched for it.
    expect(await s.read(3900, 6500)).toEqual(bytes.slice(3900, 6500));
    await tick();
    expect(stats.ranges.slice(4)).toEqual([[7700, 10_300], [10_300, 11_700]]);
  });

  it('a read past the window fetches only the rest; a read elsewhere drops the window', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes }) });
    const s = sequentialPrefetchSource({ source, minBytes: 1000, depth: 1 });
    await s.read(0, 2000);
    await tick();
    expect(await s.read(2000, 5000)).toEqual(bytes.slice(2000, 5000));
    expect(stats.ranges.slice(1, 3)).toEqual([[2000, 4000], [4000, 5000]]);
    await tick();
    expect(await s.read(100, 200)).toEqual(bytes.slice(100, 200));
    expect(stats.ranges.at(-1)).toEqual([100, 200]);
  });

  it('lets small reads through without prefetching, and stops at the end of the file', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes }) });
    const s = sequentialPrefetchSource({ source, minBytes: 1000 });
    await s.read(19_000, 19_100);
    expect(stats.requests).toBe(1);
    await s.read(18_000, 20_000);
    await tick();
    expect(stats.ranges).toEqual([[19_000, 19_100], [18_000, 20_000]]);
  });
});
