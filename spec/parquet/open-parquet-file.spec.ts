import { Binary, Field, Int32, Struct, Table, Utf8, makeBuilder, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, FormatError } from '../../src/index.js';
import { countingSource, fromBuffer } from '../../src/io/index.js';
import { openParquetFile } from '../../src/parquet/open-parquet-file.js';
import { readParquetFooter } from '../../src/parquet/read-parquet-footer.js';
import { buildRowGroupFile } from '../../src/parquet/row-group-file.js';
import { decodeStruct, encodeStruct, getInt, getStructList, type TValue } from '../../src/parquet/thrift.js';

// The Parquet room alone: any file, not only a DiffSeg30k shard — here one with a number, a string
// and an Image-layout struct column, written by parquet-wasm as plain pages and as ZSTD.

const ROWS = 7;
const files = (n: number) => Array.from({ length: n }, (_, i) => new Uint8Array(1000 + i * 10).fill(i + 1));
let plain: Uint8Array;
let zstd: Uint8Array;

function write(compression: parquet.Compression, options: { rows?: number; rowGroupRows?: number; pageBytes?: number } = {}): Uint8Array {
  const rows = options.rows ?? ROWS;
  const imageType = new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)]);
  const images = makeBuilder({ type: imageType, nullValues: [null, undefined] });
  for (const [i, bytes] of files(rows).entries()) images.append({ bytes, path: `f${i}.bin` } as never); // a plain object, as the builder takes it
  const table = new Table({
    n: vectorFromArray(Array.from({ length: rows }, (_, i) => i * 3), new Int32()),
    name: vectorFromArray(Array.from({ length: rows }, (_, i) => `row ${i}`), new Utf8()),
    image: images.finish().toVector(),
  });
  let builder = new parquet.WriterPropertiesBuilder().setCompression(compression).setDictionaryEnabled(false).setMaxRowGroupSize(options.rowGroupRows ?? 3);
  // Small pages, checked after every value: several pages per chunk, as a row group of photographs has.
  if (options.pageBytes) builder = builder.setDataPageSizeLimit(options.pageBytes).setWriteBatchSize(1);
  const props = builder.build();
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

  describe('readImageRows', () => {
    // One row group of 20 rows whose image column is stored in pages of about two values.
    const paged = () => write(parquet.Compression.UNCOMPRESSED, { rows: 20, rowGroupRows: 20, pageBytes: 1500 });

    it('reads any rows of a row group from the pages that hold them, equal to the whole chunk read, fetching a fraction of it', async () => {
      const bytes = paged();
      const file = await openParquetFile({ byteSource: fromBuffer({ bytes, name: 'paged.parquet' }) });
      const whole = file.readImageCells({ rowGroup: 0, chunks: await file.readColumnChunks({ rowGroup: 0, columns: ['image'] }), copy: true }).image;
      expect(whole.map((c) => c?.bytes)).toEqual(files(20));
      for (let start = 0; start < 20; start++) {
        for (let end = start + 1; end <= 20; end++) {
          const read = await file.readImageRows({ rowGroup: 0, columns: ['image'], rows: [start, end], copy: false });
          expect(read, `[${start}, ${end})`).toBeDefined();
          const [from, to] = read!.rows;
          expect(from).toBeLessThanOrEqual(start);
          expect(to).toBeGreaterThanOrEqual(end);
          expect(read!.cells.image).toEqual(whole.slice(from, to));
        }
      }
      // One row: a page or two of the ~20 KB chunk (and the short path chunk), not all of it.
      const { source, stats } = countingSource({ source: fromBuffer({ bytes, name: 'paged.parquet' }) });
      const counted = await openParquetFile({ byteSource: source });
      const chunkBytes = counted.footer.rowGroups[0].columns.filter((c) => c.column === 'image').reduce((n, c) => n + c.length, 0);
      await counted.readImageRows({ rowGroup: 0, columns: ['image'], rows: [0, 1], copy: false }); // fetches the offset indexes once
      const before = stats.bytes;
      const one = await counted.readImageRows({ rowGroup: 0, columns: ['image'], rows: [10, 11], copy: false });
      expect(one!.rows[1] - one!.rows[0]).toBeLessThanOrEqual(4);
      expect(stats.bytes - before).toBeLessThan(chunkBytes / 4);
      // Views of one fetched buffer, or each in a buffer of its own.
      const copies = await counted.readImageRows({ rowGroup: 0, columns: ['image'], rows: [10, 11], copy: true });
      expect(copies!.cells.image).toEqual(one!.cells.image);
      const cell = copies!.cells.image.find((c) => c !== null)!;
      expect(cell.bytes!.buffer.byteLength).toBe(cell.bytes!.length);
    });

    it('answers undefined for compressed pages and for chunks without an offset index, so the caller reads whole chunks', async () => {
      const compressed = await openParquetFile({ byteSource: fromBuffer({ bytes: write(parquet.Compression.ZSTD, { rows: 20, rowGroupRows: 20, pageBytes: 1500 }), name: 'zstd.parquet' }) });
      expect(await compressed.readImageRows({ rowGroup: 0, columns: ['image'], rows: [0, 1], copy: false })).toBeUndefined();
      expect(compressed.imageRowsReadable({ rowGroup: 0, columns: ['image'] })).toBe(false);
      // The same plain chunks in a file whose footer lists no offset index (as older writers).
      const file = await openParquetFile({ byteSource: fromBuffer({ bytes: paged(), name: 'paged.parquet' }) });
      const { chunks } = await file.readColumnChunks({ rowGroup: 0, columns: ['n', 'name', 'image'] });
      const bare = buildRowGroupFile({ footer: file.footer, rowGroup: 0, chunks });
      const unindexed = await openParquetFile({ byteSource: fromBuffer({ bytes: bare, name: 'bare.parquet' }) });
      expect(unindexed.readImageCells({ rowGroup: 0, chunks: await unindexed.readColumnChunks({ rowGroup: 0, columns: ['image'] }), copy: false }).image).toHaveLength(20);
      expect(await unindexed.readImageRows({ rowGroup: 0, columns: ['image'], rows: [0, 1], copy: false })).toBeUndefined();
      // Both known from the footer alone, before a byte is read; the indexed plain file can be read in part.
      const { source, stats } = countingSource({ source: fromBuffer({ bytes: bare, name: 'bare.parquet' }) });
      const counted = await openParquetFile({ byteSource: source });
      const opened = stats.bytes;
      expect(counted.imageRowsReadable({ rowGroup: 0, columns: ['image'] })).toBe(false);
      expect(stats.bytes).toBe(opened);
      expect(file.imageRowsReadable({ rowGroup: 0, columns: ['image'] })).toBe(true);
      expect(() => file.imageRowsReadable({ rowGroup: 1, columns: ['image'] })).toThrow(ArgumentError);
    });

    it('a whole-chunk read of the row group just read in part fetches only what lies around the pages in hand, to the same bytes', async () => {
      const bytes = paged();
      const cold = await openParquetFile({ byteSource: fromBuffer({ bytes, name: 'paged.parquet' }) });
      const expected = (await cold.readColumnChunks({ rowGroup: 0, columns: ['n', 'name', 'image'] })).chunks;
      const { source, stats } = countingSource({ source: fromBuffer({ bytes, name: 'paged.parquet' }) });
      const file = await openParquetFile({ byteSource: source });
      await file.readImageRows({ rowGroup: 0, columns: ['image'], rows: [0, 1], copy: false }); // the offset indexes, once
      const wholeBytes = file.byteRanges({ rowGroup: 0 }).reduce((n, [a, b]) => n + b - a, 0);
      for (const rows of [[0, 1], [9, 11], [19, 20]] as [number, number][]) {
        const before = stats.bytes;
        await file.readImageRows({ rowGroup: 0, columns: ['image'], rows, copy: false });
        const { chunks } = await file.readColumnChunks({ rowGroup: 0, columns: ['n', 'name', 'image'] });
        expect(chunks, String(rows)).toEqual(expected);
        expect(stats.bytes - before, String(rows)).toBe(wholeBytes);
      }
      // Used once: the next whole read fetches everything, as does one of another row group.
      const before = stats.bytes;
      await file.readColumnChunks({ rowGroup: 0, columns: ['image'] });
      expect(stats.bytes - before).toBe(file.byteRanges({ rowGroup: 0, columns: ['image'] }).reduce((n, [a, b]) => n + b - a, 0));
    });

    it('refuses rows outside the row group, and pages that contradict their offset index with a FormatError naming the row group', async () => {
      const bytes = paged();
      const file = await openParquetFile({ byteSource: fromBuffer({ bytes, name: 'paged.parquet' }) });
      for (const rows of [[0, 0], [5, 4], [-1, 2], [0, 21], [0.5, 2]] as [number, number][]) {
        await expect(file.readImageRows({ rowGroup: 0, columns: ['image'], rows, copy: false }), String(rows)).rejects.toThrow(ArgumentError);
      }
      await expect(file.readImageRows({ rowGroup: 0, columns: ['nope'], rows: [0, 1], copy: false })).rejects.toThrow(ArgumentError);
      // Move the second page's first row of the image bytes' index by one: same length, now a lie.
      const leaf = file.footer.rowGroups[0].columns.findIndex((c) => c.path === 'image.bytes');
      const chunkMeta = getStructList(getStructList(file.footer.raw, 4)[0], 1)[leaf];
      const at = getInt(chunkMeta, 4)!;
      const length = getInt(chunkMeta, 5)!;
      const index = decodeStruct(bytes.subarray(at, at + length)).value;
      const pages = getStructList(index, 1);
      const second = pages[1];
      const firstRow = getInt(second, 3)!;
      second.set(3, { type: 6, value: firstRow + 1 } as TValue);
      const lying = encodeStruct(index); // `second` is the index's own entry
      expect(lying.length).toBe(length);
      const altered = bytes.slice();
      altered.set(lying, at);
      const liar = await openParquetFile({ byteSource: fromBuffer({ bytes: altered, name: 'liar.parquet' }) });
      const error = await liar.readImageRows({ rowGroup: 0, columns: ['image'], rows: [0, 1], copy: false }).catch((e) => e);
      expect(error).toBeInstanceOf(FormatError);
      expect(error.message).toMatch(/^parquet: liar\.parquet, row group 0: cannot decode column image, rows \[0, \d+\): the pages hold \d+ values, not the offset index's \d+ rows/);
    });
  });
});
