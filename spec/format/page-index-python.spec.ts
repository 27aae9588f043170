/**
 * Reading part of a row group from its pages against the real peer: a shard rewritten by pyarrow
 * with its page index (`write_page_index=True`, plain uncompressed pages, as a writer of
 * photographs might choose) is read a few rows at a time through pyarrow's offset index, to the
 * records pyarrow holds; the same shard compressed (pyarrow's default) is read whole.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDataset, type DatasetRecord } from '../../src/index.js';
import { openShard } from '../../src/format/index.js';
import { countingSource, fromFile } from '../../src/io/index.js';
import { findPython, runPython } from '../helpers/python.js';
import { makeRecords, noisePng, tempDir } from './helpers.js';

const python = findPython(['pyarrow']);

const digest = (bytes: Uint8Array | null) => (bytes ? createHash('sha1').update(bytes).digest('hex') : null);
const digested = (rs: readonly DatasetRecord[]) => rs.map((r) => ({ id: r.id, image: digest(r.image.bytes), mask: digest(r.mask.bytes), turns: r.turns }));

describe.skipIf(!python.ok)('offset indexes written by pyarrow', () => {
  const py = python.ok ? python.path : '';

  it('reads rows of a row group through the offset index pyarrow wrote, to the records it holds', async () => {
    const dir = await tempDir();
    const records = await makeRecords(24, 'validation');
    for (const [i, r] of records.entries()) r.image = { bytes: await noisePng(i), path: `${r.id}.png` };
    const summary = await writeDataset({ out: dir, splits: { validation: records } });
    const ours = join(dir, summary.splits.validation.files[0]);
    const plain = join(dir, 'plain-validation-00000-of-00001.parquet');
    const snappy = join(dir, 'snappy-validation-00000-of-00001.parquet');
    await runPython(
      py,
      `
import sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
pq.write_table(t, sys.argv[2], compression='none', use_dictionary=False, write_page_index=True, data_page_size=2048, write_batch_size=1)
pq.write_table(t, sys.argv[3], write_page_index=True)
assert pq.ParquetFile(sys.argv[2]).metadata.row_group(0).column(1).has_offset_index
`,
      [ours, plain, snappy],
    );
    const { source, stats } = countingSource({ source: await fromFile({ path: plain }) });
    const shard = await openShard({ byteSource: source, split: 'validation' });
    const all = (await shard.readRecords(0)) as DatasetRecord[];
    expect(digested(all)).toEqual(digested(records));
    const imageBytes = shard.rowGroups[0].columnBytes.image;
    for (const rows of [[0, 1], [5, 9], [23, 24], [0, 24]] as [number, number][]) {
      const before = stats.bytes;
      const read = await shard.readRecordViewRange!({ rowGroup: 0, rows });
      expect(read, String(rows)).toBeDefined();
      const [from, to] = read!.rows;
      expect(from).toBeLessThanOrEqual(rows[0]);
      expect(to).toBeGreaterThanOrEqual(rows[1]);
      expect(digested(read!.records as DatasetRecord[])).toEqual(digested(all.slice(from, to)));
      if (rows[1] - rows[0] === 1) expect(stats.bytes - before).toBeLessThan(imageBytes / 4);
    }
    const compressed = await openShard({ byteSource: await fromFile({ path: snappy }), split: 'validation' });
    expect(await compressed.readRecordViewRange!({ rowGroup: 0, rows: [0, 1] })).toBeUndefined();
    expect(digested((await compressed.readRecords(0)) as DatasetRecord[])).toEqual(digested(records));
  });
});
