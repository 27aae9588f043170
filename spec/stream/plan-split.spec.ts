import { describe, expect, it } from 'vitest';
import { loadSplit, type DatasetSource } from '../../src/index.js';
import { openShard, planSplit } from '../../src/format/index.js';
import { localSource, samplesDirectory } from '../../src/repo/index.js';
import { countingSource, fromFile, type ReadStats } from '../../src/io/index.js';

/**
 * The bundled samples through a source that counts every byte read; under a name of its own, so
 * that footers and metadata this process read under another name are not reused.
 */
async function counted(): Promise<{ source: DatasetSource; stats: ReadStats[] }> {
  const local = await localSource({ path: samplesDirectory(), name: 'samples (counted)' });
  const stats: ReadStats[] = [];
  return {
    stats,
    source: {
      ...local,
      open: async (p) => {
        const c = countingSource({ source: await local.open(p) });
        stats.push(c.stats);
        return c.source;
      },
    },
  };
}

describe('planSplit', () => {
  it('is plain JSON, equal on every call, and the very order loadSplit yields', async () => {
    const options = { source: 'samples', shuffle: true, seed: 3, epoch: 1, rank: 1, worldSize: 3 } as const;
    const plan = await planSplit('train', options);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(await planSplit('train', options)).toEqual(plan);
    expect(plan).toMatchObject({ split: 'train', rank: 1, worldSize: 3, rows: 40, kept: 40, start: 0, partition: 'pad' });
    expect(plan.order).toHaveLength(14); // 40 over 3 ranks, padded to 14 each

    // Row numbers count through the files in order; map them to ids with a plain file-order read.
    const ids: string[] = [];
    for await (const s of loadSplit('train', { source: 'samples', metadataOnly: true, rank: 0, worldSize: 1 })) ids.push(s.id);
    const yielded: string[] = [];
    for await (const s of loadSplit('train', { ...options, metadataOnly: true })) yielded.push(s.id);
    expect(yielded).toEqual(plan.order.map((row) => ids[row]));
  });

  it('reads only footers without filters, and only metadata columns with them — never an image byte', async () => {
    const { source, stats } = await counted();
    const files = (await source.listFiles()).filter((f) => f.path.startsWith('data/train-'));
    // Where the image and mask column chunks are in each file.
    const pixels = new Map<string, [number, number][]>();
    for (const { path } of files) {
      const shard = await openShard({ byteSource: await fromFile({ path: `${samplesDirectory()}/${path}` }) });
      pixels.set(shard.file, shard.rowGroups.flatMap((_, g) => shard.byteRanges({ rowGroup: g, columns: ['image', 'mask'] })));
    }
    stats.length = 0;
    const names: string[] = [];
    const touchesPixels = () =>
      stats.some((s, i) => s.ranges.some(([a, b]) => (pixels.get(names[i]) ?? []).some(([c, d]) => a < d && c < b)));
    const open = source.open;
    source.open = async (p) => {
      names.push(`${samplesDirectory()}/${p.path}`);
      return open(p);
    };

    const plain = await planSplit('train', { source, shuffle: true, rank: 0, worldSize: 2 });
    expect(stats.reduce((n, s) => n + s.requests, 0)).toBe(2 * files.length); // two footer reads per shard
    expect(touchesPixels()).toBe(false);
    stats.length = 0;
    expect(await planSplit('train', { source, shuffle: true, rank: 0, worldSize: 2 })).toEqual(plain);
    expect(stats.reduce((n, s) => n + s.requests, 0)).toBe(0); // the footers again: not read again

    stats.length = 0;
    names.length = 0;
    const filtered = await planSplit('train', { source, shuffle: true, rank: 0, worldSize: 2, negatives: false, numTurns: 3 });
    expect(filtered.kept).toBeLessThan(plain.kept);
    expect(filtered.order).toHaveLength(Math.ceil(filtered.kept / 2));
    expect(stats.reduce((n, s) => n + s.requests, 0)).toBeGreaterThan(0); // the metadata pass (the footers are known by now)
    expect(touchesPixels()).toBe(false);
  });
});
