/** The planned reader (shuffled, several ranks, resumed reads) keeps one row group ahead, but not past what the consumer will take. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planSplit } from '../../../src/stream/plan-split.js';
import { writePhotoDataset } from '../photo-dataset.js';
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

  it("reads a shuffled epoch's first sample from the pages that hold it, then the epoch as planned, every record once", async () => {
    const dir = await tempDir('diffseg30k-planned-photos-');
    const records = await writePhotoDataset({ dir });
    const groupBytes = records.slice(0, 30).reduce((n, r) => n + r.image.bytes!.length, 0);
    const options = { shuffle: true, seed: 3, epoch: 2 } as const;

    const { source, reads } = await countedLocalSource({ dir, name: 'shuffled first sample' });
    const stream = loadSplit('validation', { source, ...options });
    const first = (await stream.next()).value!;
    await first.image();
    await stream.return(undefined);
    await new Promise((r) => setTimeout(r, 50));
    // Footers, the metadata columns, and the image pages of one record: not its row group's images.
    expect(reads.reduce((n, r) => n + r.end - r.start, 0)).toBeLessThan(groupBytes / 2);

    const plan = await planSplit('validation', { source: dir, ...options });
    const expectedIds = plan.order.map((row) => records[row].id);
    const digest = (bytes: Uint8Array | null | undefined) => (bytes ? createHash('sha1').update(bytes).digest('hex') : null);
    const byId = new Map(records.map((r) => [r.id, digest(r.image.bytes)]));
    const got: string[] = [];
    for await (const s of loadSplit('validation', { source: dir, ...options })) {
      expect(digest(s.imageBytes), s.id).toBe(byId.get(s.id));
      got.push(s.id);
    }
    expect(first.id).toBe(expectedIds[0]);
    expect(got).toEqual(expectedIds);
  });
});
