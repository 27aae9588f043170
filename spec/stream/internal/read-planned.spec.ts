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

  it("reads a shuffled epoch's first sample from the pages that hold it, then the epoch as planned: every record once, no byte fetched twice", async () => {
    const dir = await tempDir('diffseg30k-planned-photos-');
    const records = await writePhotoDataset({ dir });
    const groupBytes = records.slice(0, 30).reduce((n, r) => n + r.image.bytes!.length, 0);
    const options = { shuffle: true, seed: 3, epoch: 2 } as const;
    const plan = await planSplit('validation', { source: dir, ...options });
    const expectedIds = plan.order.map((row) => records[row].id);
    const digest = (bytes: Uint8Array | null | undefined) => (bytes ? createHash('sha1').update(bytes).digest('hex') : null);
    const byId = new Map(records.map((r) => [r.id, digest(r.image.bytes)]));
    const fetched = (reads: { start: number; end: number }[]) => reads.reduce((n, r) => n + r.end - r.start, 0);

    // Without a content key too (no metadata kept between reads): a source of its own name each time.
    for (const name of ['shuffled first sample', 'shuffled epoch']) {
      const { source, reads } = await countedLocalSource({ dir, name });
      const stream = loadSplit('validation', { source, ...options });
      const first = (await stream.next()).value!;
      expect(first.id).toBe(expectedIds[0]);
      await first.image();
      if (name === 'shuffled first sample') {
        await stream.return(undefined);
        await new Promise((r) => setTimeout(r, 50));
        // Footers, the metadata columns, and the image pages of one record: not its row group's images.
        expect(fetched(reads)).toBeLessThan(groupBytes / 2);
        continue;
      }
      const got = [first.id];
      expect(digest(first.imageBytes)).toBe(byId.get(first.id));
      for await (const s of stream) {
        expect(digest(s.imageBytes), s.id).toBe(byId.get(s.id));
        got.push(s.id);
      }
      expect(got).toEqual(expectedIds);
      // Each byte of the shard fetched at most once: the first row group around the pages read first.
      const times = new Uint8Array(reads[0].byteLength);
      for (const r of reads) for (let b = r.start; b < r.end; b++) times[b]++;
      expect(times.filter((t) => t > 1).length).toBe(0);
      expect(fetched(reads)).toBeLessThanOrEqual(reads[0].byteLength);
    }
  });
  it("under a limit, the first sample's row group is not read whole when none of its other rows is wanted", async () => {
    const dir = await tempDir('diffseg30k-planned-limit-');
    const records = await writePhotoDataset({ dir });
    const groupBytes = records.slice(0, 30).reduce((n, r) => n + r.image.bytes!.length, 0);
    // A shuffle whose first two samples lie in different row groups (30 rows each).
    let seed = 0;
    const groupOf = (row: number) => Math.floor(row / 30);
    for (; ; seed++) {
      const { order } = await planSplit('validation', { source: dir, shuffle: true, seed });
      if (groupOf(order[0]) !== groupOf(order[1])) break;
    }
    const { source, reads } = await countedLocalSource({ dir, name: 'limit 2' });
    const got: string[] = [];
    for await (const s of loadSplit('validation', { source, shuffle: true, seed, limit: 2 })) {
      await s.image();
      got.push(s.id);
    }
    expect(got).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 50));
    // The first sample's pages and the second sample's row group: not the first one's whole as well.
    const fetched = reads.reduce((n, r) => n + r.end - r.start, 0);
    expect(fetched).toBeGreaterThan(groupBytes);
    expect(fetched).toBeLessThan(1.5 * groupBytes);
  });
});
