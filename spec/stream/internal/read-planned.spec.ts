/** The planned reader (shuffled, several ranks, resumed reads) keeps one row group ahead, but not past what the consumer will take. */
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../../../src/stream/load-split.js';
import { countedLocalSource } from '../../helpers/counted-local-source.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeTrainingDataset } from '../training-dataset.js';

describe('readPlanned (through loadSplit)', () => {
  it('reads one row group ahead, but none past `limit`', async () => {
    const dir = await tempDir('diffseg30k-planned-');
    await writeTrainingDataset({ dir, count: 32 }); // two shards of four row groups of four rows
    // Each row group's metadata is two reads (the id column, then the rest); footers end at the file's end.
    const rowGroupReads = (reads: { byteLength: number; end: number }[]) => reads.filter((r) => r.end < r.byteLength - 8).length;

    for (const [limit, groups] of [[3, 1], [4, 1], [5, 2], [undefined, 8]] as const) {
      // A name of its own per pass: nothing another pass parsed is reused.
      const { source, reads } = await countedLocalSource({ dir, name: `planned, limit ${limit}` });
      const stream = loadSplit('train', { source, shuffle: true, seed: 1, shuffleBuffer: 1, metadataOnly: true, prefetch: 0, limit });
      let n = 0;
      for await (const _ of stream) n++;
      expect(n).toBe(limit ?? 32);
      await new Promise((r) => setTimeout(r, 100));
      expect(rowGroupReads(reads), `limit ${limit}`).toBe(2 * groups);
    }
  });
});
