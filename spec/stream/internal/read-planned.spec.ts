/** The planned reader (shuffled, several ranks, resumed reads) keeps one row group ahead, but not past what the consumer will take. */
import { describe, expect, it } from 'vitest';
import { localSource } from '../../../src/repo/local-source.js';
import type { DatasetSource } from '../../../src/repo/dataset-source.js';
import { loadSplit } from '../../../src/stream/load-split.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeTrainingDataset } from '../training-dataset.js';

/**
 * A local source that counts the reads of its files as they are asked for; `name` keeps what
 * another pass parsed (footers, metadata) from being reused.
 */
async function countingReads(dir: string, name: string): Promise<{ source: DatasetSource; reads: { path: string; start: number; end: number }[] }> {
  const inner = await localSource({ path: dir, name });
  const reads: { path: string; start: number; end: number }[] = [];
  const source: DatasetSource = {
    ...inner,
    name: inner.name,
    revision: undefined,
    listFiles: () => inner.listFiles(),
    readFile: (p) => inner.readFile(p),
    open: async (p) => {
      const bytes = await inner.open(p);
      return { name: bytes.name, byteLength: bytes.byteLength, read: (start, end) => (reads.push({ path: p.path, start, end }), bytes.read(start, end)) };
    },
  };
  return { source, reads };
}

describe('readPlanned (through loadSplit)', () => {
  it('reads one row group ahead, but none past `limit`', async () => {
    const dir = await tempDir('diffseg30k-planned-');
    await writeTrainingDataset({ dir, count: 32 }); // two shards of four row groups of four rows
    const rowGroupReads = (reads: { path: string; end: number }[], sizes: Map<string, number>) => reads.filter((r) => r.end < sizes.get(r.path)! - 8).length;
    const sizes = new Map((await (await localSource({ path: dir })).listFiles()).map((f) => [f.path, f.size]));

    for (const [limit, groups] of [[3, 1], [4, 1], [5, 2], [undefined, 8]] as const) {
      const { source, reads } = await countingReads(dir, `planned, limit ${limit}`);
      const stream = loadSplit('train', { source, shuffle: true, seed: 1, shuffleBuffer: 1, metadataOnly: true, prefetch: 0, limit });
      let n = 0;
      for await (const _ of stream) n++;
      expect(n).toBe(limit ?? 32);
      await new Promise((r) => setTimeout(r, 100));
      // Each row group's metadata is two reads (the id column, then the rest); footers end at the file's end.
      expect(rowGroupReads(reads, sizes), `limit ${limit}`).toBe(2 * groups);
    }
  });
});
