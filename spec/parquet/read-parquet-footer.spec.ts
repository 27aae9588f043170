import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError, writeDataset } from '../../src/index.js';
import { fromBuffer } from '../../src/io/index.js';
import { readParquetFooter } from '../../src/parquet/read-parquet-footer.js';
import { TType, decodeStruct, encodeStruct } from '../../src/parquet/thrift.js';
import { editFooter, rowGroupsOf, schemaOf, setInt } from '../fixtures/edit-footer.js';
import { makeRecords, tempDir } from '../format/helpers.js';

const fixture = fileURLToPath(new URL('../format/fixtures/python-datasets.parquet', import.meta.url));

/** The Thrift bytes of a file's footer. */
function footerBytes(bytes: Uint8Array): Uint8Array {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 8, true);
  return bytes.subarray(bytes.length - 8 - length, bytes.length - 8);
}

describe('readParquetFooter', () => {
  it('locates every column chunk of a shard it wrote, contiguous and inside the data area', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ out: dir, splits: { train: await makeRecords(5, 'train') }, rowGroupRows: 2 });
    const bytes = new Uint8Array(await readFile(join(dir, summary.splits.train.files[0])));
    const footer = await readParquetFooter({ byteSource: fromBuffer({ bytes, name: 'f.parquet' }) });
    expect(footer.numRows).toBe(5);
    expect(footer.rowGroups.map((g) => [g.numRows, g.firstRow])).toEqual([
      [2, 0],
      [2, 2],
      [1, 4],
    ]);
    expect(footer.columns.map((c) => c.name)).toEqual([
      'id', 'image', 'mask', 'width', 'height', 'base_type', 'base_generator', 'coco_id', 'base_prompt', 'turns', 'num_turns', 'quality_score', 'quality_reason',
    ]);
    const paths = footer.rowGroups[0].columns.map((c) => c.path);
    expect(paths.slice(0, 5)).toEqual(['id', 'image.bytes', 'image.path', 'mask.bytes', 'mask.path']);
    expect(paths).toContain('turns.list.element.bbox.list.element');
    // The writer lays chunks end to end from byte 4: each starts where the previous ended.
    let at = 4;
    for (const g of footer.rowGroups) {
      for (const c of g.columns) {
        expect(c.start).toBe(at);
        at = c.start + c.length;
      }
    }
    expect(at).toBeLessThanOrEqual(footer.metadataStart);
    expect(Object.keys(footer.keyValueMetadata)).toContain('huggingface');
  });

  it('re-encodes the footers of this writer and of pyarrow byte for byte', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ out: dir, splits: { train: await makeRecords(3, 'train') } });
    for (const file of [join(dir, summary.splits.train.files[0]), fixture]) {
      const meta = footerBytes(new Uint8Array(await readFile(file)));
      const { value, end } = decodeStruct(meta);
      expect(end).toBe(meta.length);
      expect(Buffer.from(encodeStruct(value)).equals(Buffer.from(meta))).toBe(true);
    }
  });

  it('reports a corrupt footer as a FormatError naming the file', async () => {
    const bytes = new Uint8Array(await readFile(fixture));
    const meta = footerBytes(bytes);
    const bad = bytes.slice();
    // Cut the metadata short: claim it is 10 bytes shorter than it is.
    new DataView(bad.buffer).setUint32(bad.length - 8, meta.length - 10, true);
    const error = await readParquetFooter({ byteSource: fromBuffer({ bytes: bad, name: 'short-footer.parquet' }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toMatch(/^parquet: short-footer\.parquet: corrupt footer: /);
  });

  it('refuses a footer whose row counts disagree with its column chunks (a row group "of 0 rows" holding data)', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ out: dir, splits: { train: await makeRecords(5, 'train') }, rowGroupRows: 2 });
    const bytes = new Uint8Array(await readFile(join(dir, summary.splits.train.files[0])));
    // Row group 1 says 0 rows, and the file's total agrees with that lie: only the chunks tell.
    const lying = editFooter(bytes, (meta) => {
      setInt(rowGroupsOf(meta)[1], 3, 0);
      setInt(meta, 3, 3);
    });
    const error = await readParquetFooter({ byteSource: fromBuffer({ bytes: lying, name: 'zero-rows.parquet' }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.rowGroup).toBe(1);
    expect(error.message).toBe('parquet: zero-rows.parquet, row group 1: corrupt footer: the row group says 0 rows but column chunk id holds 2 values');
  });

  it('accepts the footers of pyarrow and DuckDB (their value counts are row counts too)', async () => {
    for (const name of ['python-datasets.parquet', 'duckdb-written.parquet']) {
      const bytes = new Uint8Array(await readFile(fileURLToPath(new URL(`../format/fixtures/${name}`, import.meta.url))));
      const footer = await readParquetFooter({ byteSource: fromBuffer({ bytes, name }) });
      expect(footer.numRows, name).toBeGreaterThan(0);
    }
  });

  it('refuses a schema root claiming more columns than the schema holds with a FormatError, not a TypeError', async () => {
    const bytes = new Uint8Array(await readFile(fixture));
    for (const claim of [14, 40, 2 ** 30]) {
      const lying = editFooter(bytes, (meta) => setInt(schemaOf(meta)[0], 5, claim, TType.I32));
      const error = await readParquetFooter({ byteSource: fromBuffer({ bytes: lying, name: 'wide-root.parquet' }) }).catch((e) => e);
      expect(error, String(claim)).toBeInstanceOf(FormatError);
      expect(error.message, String(claim)).toMatch(/^parquet: wide-root\.parquet: corrupt footer: the schema (root claims \d+ columns|ends)/);
    }
    // A group claiming more children than follow, too.
    const nested = editFooter(bytes, (meta) => {
      const turns = schemaOf(meta).findIndex((e) => new TextDecoder().decode((e.get(4) as { value: Uint8Array }).value) === 'turns');
      setInt(schemaOf(meta)[turns], 5, 99, TType.I32);
    });
    const error = await readParquetFooter({ byteSource: fromBuffer({ bytes: nested, name: 'wide-group.parquet' }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toMatch(/corrupt footer: schema element \d+ claims 99 children/);
  });
});
