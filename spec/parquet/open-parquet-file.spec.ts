import { Binary, Field, Int32, Struct, Table, Utf8, makeBuilder, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, FormatError } from '../../src/index.js';
import { countingSource, fromBuffer } from '../../src/io/index.js';
import { openParquetFile } from '../../src/parquet/open-parquet-file.js';
import { readParquetFooter } from '../../src/parquet/read-parquet-footer.js';

// The Parquet room alone: any file, not only a DiffSeg30k shard — here one with a number, a string
// and an Image-layout struct column, written by parquet-wasm as plain pages and as ZSTD.

const ROWS = 7;
const files = (n: number) => Array.from({ length: n }, (_, i) => new Uint8Array(1000 + i * 10).fill(i + 1));
let plain: Uint8Array;
let zstd: Uint8Array;

function write(compression: parquet.Compression): Uint8Array {
  const imageType = new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)]);
  const images = makeBuilder({ type: imageType, nullValues: [null, undefined] });
  for (const [i, bytes] of files(ROWS).entries()) images.append({ bytes, path: `f${i}.bin` } as never); // a plain object, as the builder takes it
  const table = new Table({
    n: vectorFromArray(Array.from({ length: ROWS }, (_, i) => i * 3), new Int32()),
    name: vectorFromArray(Array.from({ length: ROWS }, (_, i) => `row ${i}`), new Utf8()),
    image: images.finish().toVector(),
  });
  const props = new parquet.WriterPropertiesBuilder().setCompression(compression).setDictionaryEnabled(false).setMaxRowGroupSize(3).build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
}

beforeAll(() => {
  plain = write(parquet.Compression.UNCOMPRESSED);
  zstd = write(parquet.Compression.ZSTD);
});

describe('openParquetFile', () => {
  it('opens any Parquet file: footer, columns, Arrow schema', async () => {
    const file = await openParquetFile({ byteSource: fromBuffer({ bytes: plain, name: 'any.parquet' }) });
    expect(file.file).toBe('any.parquet');
    expect(file.columns).toEqual(['n', 'name', 'image']);
    expect(file.schema.fields.map((f) => f.name)).toEqual(['n', 'name', 'image']);
    expect(file.footer.rowGroups.map((g) => g.numRows)).toEqual([3, 3, 1]);
  });

  it('reads a row group with column projection, fetching only the byte ranges it reports', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes: zstd, name: 'zstd.parquet' }) });
    const file = await openParquetFile({ byteSource: source });
    const before = stats.ranges.length;
    const table = await file.readTable({ rowGroup: 1, columns: ['name', 'n'] });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['n', 'name']); // file order
    expect(table.getChild('name')!.toArray()).toEqual(['row 3', 'row 4', 'row 5']);
    expect([...table.getChild('n')!.toArray()]).toEqual([9, 12, 15]);
    expect(stats.ranges.slice(before)).toEqual(file.byteRanges({ rowGroup: 1, columns: ['n', 'name'] }));
  });

  it('reads plain Image-struct pages as views of the fetched bytes, or as copies, and leaves compressed ones to parquet-wasm', async () => {
    const file = await openParquetFile({ byteSource: fromBuffer({ bytes: plain, name: 'plain.parquet' }) });
    const chunks = await file.readColumnChunks({ rowGroup: 0, columns: ['image'] });
    expect(chunks.leaves.map((l) => l.path)).toEqual(['image.bytes', 'image.path']);
    const views = file.readImageCells({ rowGroup: 0, chunks, copy: false }).image;
    const copies = file.readImageCells({ rowGroup: 0, chunks, copy: true }).image;
    expect(views.map((c) => c?.path)).toEqual(['f0.bin', 'f1.bin', 'f2.bin']);
    expect(views.map((c) => c?.bytes)).toEqual(files(3));
    expect(copies).toEqual(views);
    for (const [i, cell] of views.entries()) {
      expect(cell!.bytes!.buffer).toBe(chunks.chunks[0].buffer); // no copy
      expect(copies[i]!.bytes!.buffer).not.toBe(chunks.chunks[0].buffer);
      expect(copies[i]!.bytes!.buffer.byteLength).toBe(copies[i]!.bytes!.length); // a buffer of its own
    }
    const compressed = await openParquetFile({ byteSource: fromBuffer({ bytes: zstd, name: 'zstd.parquet' }) });
    const fetched = await compressed.readColumnChunks({ rowGroup: 0, columns: ['image', 'n'] });
    expect(compressed.readImageCells({ rowGroup: 0, chunks: fetched, copy: false })).toEqual({});
    const decoded = compressed.decodeTable({ rowGroup: 0, columns: ['n', 'image'], chunks: fetched.chunks });
    expect(decoded.getChild('image')!.get(2)!.toJSON()).toEqual({ bytes: files(3)[2], path: 'f2.bin' });
  });

  it('takes a footer already read, and refuses one of another file', async () => {
    const footer = await readParquetFooter({ byteSource: fromBuffer({ bytes: plain, name: 'plain.parquet' }) });
    const { source, stats } = countingSource({ source: fromBuffer({ bytes: plain, name: 'plain.parquet' }) });
    expect((await openParquetFile({ byteSource: source, footer })).footer).toBe(footer);
    expect(stats.requests).toBe(0);
    const other = openParquetFile({ byteSource: fromBuffer({ bytes: zstd, name: 'zstd.parquet' }), footer });
    await expect(other).rejects.toThrow(ArgumentError);
    await expect(other).rejects.toThrow(/^parquet: zstd\.parquet: the footer given is of a file of \d+ bytes, but the source has \d+$/);
  });

  it('rejects an unknown row group or column with an ArgumentError, and bytes that do not decode with a FormatError naming the row group', async () => {
    const file = await openParquetFile({ byteSource: fromBuffer({ bytes: plain, name: 'plain.parquet' }) });
    expect(() => file.byteRanges({ rowGroup: 3 })).toThrow(/^parquet: plain\.parquet: no row group 3 \(the file has 3\)$/);
    await expect(file.readTable({ rowGroup: 0, columns: ['nope'] })).rejects.toThrow(ArgumentError);
    await expect(file.readColumnChunks({ rowGroup: 0, columns: [] })).rejects.toThrow(/no columns asked for/);
    const { chunks } = await file.readColumnChunks({ rowGroup: 2, columns: ['n'] });
    const broken = chunks.map((c) => c.slice(0, 8)); // a page header cut short
    let error: unknown;
    try {
      file.decodeTable({ rowGroup: 2, columns: ['n'], chunks: broken });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/^parquet: plain\.parquet, row group 2: cannot decode columns n: /);
  });
});
