import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, DiffsegError, FormatError, SchemaError, SourceError, writeDataset, type DatasetRecord } from '../../src/index.js';
import { openShard } from '../../src/format/index.js';
import { countingSource, fromBuffer, fromFile } from '../../src/io/index.js';
import { samplesDirectory } from '../../src/repo/index.js';
import { METADATA_COLUMNS } from '../../src/parquet/arrow.js';
import { recordsToArrow } from '../../src/parquet/arrow-from-records.js';
import { makeRecords, noisePng, tempDir } from './helpers.js';

let dir: string;
let records: DatasetRecord[];
let path: string;

beforeAll(async () => {
  dir = await tempDir();
  records = await makeRecords(12, 'validation');
  for (const [i, r] of records.entries()) r.image = { bytes: await noisePng(i), path: `${r.id}.png` };
  const summary = await writeDataset({ out: dir, splits: { validation: records }, rowGroupRows: 5 });
  path = join(dir, summary.splits.validation.files[0]);
});

describe('openShard', () => {
  it('rejects an unknown option, naming the closest one, before reading a byte', async () => {
    const { source, stats } = countingSource({ source: await fromFile({ path }) });
    const error = await openShard({ byteSource: source, labelOrdr: ['sdxl'] } as never).catch((e) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toMatch(/openShard: unknown option `labelOrdr`; did you mean `labelOrder`\?/);
    expect(stats.requests).toBe(0);
  });

  it('reports rows, row groups, columns and the huggingface key from the footer', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }) });
    expect(shard.numRows).toBe(12);
    expect(shard.rowGroupSizes).toEqual([5, 5, 2]);
    expect(shard.rowGroups.map((g) => g.firstRow)).toEqual([0, 5, 10]);
    expect(shard.columns).toEqual(['id', 'image', 'mask', ...METADATA_COLUMNS.slice(1)]);
    expect(shard.split).toBe('validation');
    expect(shard.isDiffseg).toBe(true);
    expect(shard.huggingface?.info?.features?.mask).toEqual({ _type: 'Image' });
  });

  it('reads full records one row group at a time, equal to what was written', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }) });
    expect(await shard.readRecords(1)).toEqual(records.slice(5, 10));
    const all: DatasetRecord[] = [];
    for (let g = 0; g < shard.rowGroups.length; g++) all.push(...((await shard.readRecords(g)) as DatasetRecord[]));
    expect(all).toEqual(records);
  });

  it('returns image bytes that do not alias a shared buffer', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }) });
    const [a, b] = await shard.readRecords(0);
    expect(a.image.bytes!.byteOffset).toBe(0);
    expect(a.image.bytes!.buffer.byteLength).toBe(a.image.bytes!.length);
    expect(a.image.bytes!.buffer).not.toBe(b.image.bytes!.buffer);
  });

  it('readRecordViews gives the same records, their image and mask bytes views of the row group as fetched (no copy)', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }) });
    for (let g = 0; g < shard.rowGroups.length; g++) expect(await shard.readRecordViews!(g)).toEqual(await shard.readRecords(g));
    const [a, b] = await shard.readRecordViews!(0);
    expect(a.image.bytes!.buffer).toBe(b.image.bytes!.buffer);
    expect(a.mask.bytes!.buffer).toBe(a.image.bytes!.buffer);
    expect(a.image.bytes!.buffer.byteLength).toBeGreaterThan(a.image.bytes!.length + b.image.bytes!.length);
  });

  it('readRecordViewRange reads any rows of a row group from the image pages that hold them, as readRecords gives them', async () => {
    // Plain pages of about one image each (as a row group of photographs has pages of ~1 MB).
    const t = new (await import('apache-arrow')).Table([recordsToArrow({ records })]);
    const props = new parquet.WriterPropertiesBuilder().setDictionaryEnabled(false).setMaxRowGroupSize(12).setDataPageSizeLimit(256).setWriteBatchSize(1).build();
    const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')), props);
    const { source, stats } = countingSource({ source: fromBuffer({ bytes, name: 'paged.parquet' }) });
    const shard = await openShard({ byteSource: source, split: 'validation' });
    const all = await shard.readRecords(0);
    expect(all).toEqual(records);
    // Bytes as digests: vitest's deep equality of typed arrays is slow.
    const digested = (rs: readonly DatasetRecord[]) =>
      rs.map((r) => ({ ...r, image: { ...r.image, bytes: createHash('sha1').update(r.image.bytes!).digest('hex') }, mask: { ...r.mask, bytes: createHash('sha1').update(r.mask.bytes!).digest('hex') } }));
    for (let start = 0; start < 12; start++) {
      for (const end of new Set([start + 1, start + 3, 12].filter((e) => e <= 12))) {
        const read = await shard.readRecordViewRange!({ rowGroup: 0, rows: [start, end] });
        expect(read, `[${start}, ${end})`).toBeDefined();
        expect(read!.rows[0]).toBeLessThanOrEqual(start);
        expect(read!.rows[1]).toBeGreaterThanOrEqual(end);
        expect(digested(read!.records as DatasetRecord[])).toEqual(digested(all.slice(read!.rows[0], read!.rows[1]) as DatasetRecord[]));
      }
    }
    const imageBytes = shard.rowGroups[0].columnBytes.image;
    const before = stats.bytes;
    await shard.readRecordViewRange!({ rowGroup: 0, rows: [6, 7] });
    expect(stats.bytes - before).toBeLessThan(imageBytes / 3); // the metadata columns and a page or two
    await expect(shard.readRecordViewRange!({ rowGroup: 0, rows: [3, 13] })).rejects.toThrow(ArgumentError);
    await expect(shard.readRecordViewRange!({ rowGroup: 1, rows: [0, 1] })).rejects.toThrow(ArgumentError);
    await expect(shard.readRecordViewRange!({ rowGroup: 0, rows: [0, 1], copy: true } as never)).rejects.toThrow(/unknown option `copy`/);
    // Compressed images: no part of a row group can be read alone; the caller reads it whole.
    const zstd = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')), new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).setDataPageSizeLimit(256).setWriteBatchSize(1).build());
    const counted = countingSource({ source: fromBuffer({ bytes: zstd, name: 'zstd.parquet' }) });
    const compressed = await openShard({ byteSource: counted.source, split: 'validation', contentKey: `zstd ${Math.random()}` });
    const opened = counted.stats.bytes;
    expect(await compressed.readRecordViewRange!({ rowGroup: 0, rows: [0, 1] })).toBeUndefined();
    expect(counted.stats.bytes).toBe(opened); // known from the footer: nothing read for nothing
    // Nor does a full read after a metadata scan fetch the compressed images for a plain read first.
    await compressed.readMetadata(0);
    const scanned = counted.stats.bytes;
    expect(digested((await compressed.readRecords(0)) as DatasetRecord[])).toEqual(digested(records));
    expect(counted.stats.bytes - scanned).toBe(compressed.byteRanges({ rowGroup: 0 }).reduce((n, [a, b]) => n + b - a, 0));
  });

  it('reads image columns stored any other way (ZSTD, dictionary pages, data page v2) through parquet-wasm, to the same records', async () => {
    const t = new (await import('apache-arrow')).Table([recordsToArrow({ records })]);
    const variants = [
      () => new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(5).build(),
      () => new parquet.WriterPropertiesBuilder().setDictionaryEnabled(true).setMaxRowGroupSize(5).build(),
      () => new parquet.WriterPropertiesBuilder().setWriterVersion(parquet.WriterVersion.V2).setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(5).build(),
      () => new parquet.WriterPropertiesBuilder().setWriterVersion(parquet.WriterVersion.V2).setMaxRowGroupSize(5).build(),
    ];
    for (const [k, props] of variants.entries()) {
      const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')), props());
      const shard = await openShard({ byteSource: fromBuffer({ bytes, name: `variant-${k}.parquet` }), split: 'validation' });
      const all: unknown[] = [];
      for (let g = 0; g < shard.rowGroups.length; g++) {
        const views = await shard.readRecordViews!(g);
        expect(views).toEqual(await shard.readRecords(g));
        all.push(...views);
      }
      expect(all).toEqual(records);
    }
  });

  it('reads null image bytes, null paths and null image structs as stored (a null struct is a SchemaError either way)', async () => {
    const withNulls = structuredClone(records.slice(0, 4));
    withNulls[1].image = { bytes: null, path: 'gone.png' };
    withNulls[2].mask = { bytes: withNulls[2].mask.bytes, path: null };
    withNulls[3].image = { bytes: null, path: null };
    const stored = await tempDir();
    const summary = await writeDataset({ out: stored, splits: { validation: withNulls }, rowGroupRows: 3 });
    const shard = await openShard({ byteSource: await fromFile({ path: join(stored, summary.splits.validation.files[0]) }) });
    expect([...(await shard.readRecordViews!(0)), ...(await shard.readRecordViews!(1))]).toEqual(withNulls);

    const { Table: ArrowTable, vectorFromArray } = await import('apache-arrow');
    const batch = recordsToArrow({ records: records.slice(0, 3) });
    const columns = Object.fromEntries(batch.schema.fields.map((f, i) => [f.name, batch.getChildAt(i)!]));
    const imageType = batch.schema.fields.find((f) => f.name === 'image')!.type;
    columns.image = vectorFromArray([records[0].image, null, records[2].image], imageType) as never;
    const t = new ArrowTable(columns);
    for (const compression of [parquet.Compression.UNCOMPRESSED, parquet.Compression.ZSTD]) {
      const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')), new parquet.WriterPropertiesBuilder().setCompression(compression).build());
      const nulled = await openShard({ byteSource: fromBuffer({ bytes, name: 'null-struct.parquet' }), split: 'validation' });
      for (const read of [nulled.readRecords, nulled.readRecordViews!]) {
        const error = await read(0).catch((e) => e);
        expect(error).toBeInstanceOf(SchemaError);
        expect(error.row).toBe(1);
        expect(error.issues[0].path).toEqual(['image']);
      }
    }
  });

  it('an image page whose value lengths lie is a FormatError naming file and row group, never bytes from elsewhere', async () => {
    const bytes = new Uint8Array(await readFile(path));
    const shard = await openShard({ byteSource: fromBuffer({ bytes, name: 'ok.parquet' }) });
    const chunk = shard.footer.rowGroups[1].columns.find((c) => c.path === 'image.bytes')!;
    // The chunk's first page: its header, the definition levels (a 4-byte length, then the RLE
    // runs), then the first value's 4-byte length.
    const { decodeStruct } = await import('../../src/parquet/thrift.js');
    const { end } = decodeStruct(bytes, chunk.start);
    const levels = new DataView(bytes.buffer, bytes.byteOffset).getUint32(end, true);
    const at = end + 4 + levels;
    for (const lie of [0xffffff, 3]) {
      const bad = bytes.slice();
      new DataView(bad.buffer).setUint32(at, lie, true);
      const corrupt = await openShard({ byteSource: fromBuffer({ bytes: bad, name: 'lying.parquet' }), split: 'validation' });
      const error = await corrupt.readRecordViews!(1).catch((e) => e);
      expect(error).toBeInstanceOf(FormatError);
      expect(error.rowGroup).toBe(1);
      expect(error.message).toMatch(/lying\.parquet, row group 1: cannot decode column image: /);
      await expect(corrupt.readRecords(1)).rejects.toThrow(FormatError);
      expect(await corrupt.readRecordViews!(0)).toEqual(records.slice(0, 5));
    }
  });

  it('takes the split from the param over the file name', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }), split: 'val' });
    expect(shard.split).toBe('validation');
    const named = await openShard({ byteSource: fromBuffer({ bytes: new Uint8Array(await readFile(path)), name: 'memory:holdout-00000-of-00001.parquet' }) });
    expect((await named.readMetadata(0))[0].split).toBe('holdout');
  });

  it('scans metadata without reading a single image or mask byte', async () => {
    const { source, stats } = countingSource({ source: await fromFile({ path }) });
    const shard = await openShard({ byteSource: source });
    const metas = [];
    for (let g = 0; g < shard.rowGroups.length; g++) metas.push(...(await shard.readMetadata(g)));
    expect(metas).toEqual(records.map(({ image: _i, mask: _m, ...meta }) => meta));
    expect(metas[0]).not.toHaveProperty('image');

    const imageChunks = shard.footer.rowGroups.flatMap((g) => g.columns.filter((c) => c.column === 'image' || c.column === 'mask'));
    const imageBytes = imageChunks.reduce((n, c) => n + c.length, 0);
    // Everything the scan read (footer included) is far less than the image columns alone …
    expect(imageBytes).toBeGreaterThan(12 * 20000);
    expect(stats.bytes).toBeLessThan(imageBytes / 4);
    // … and no byte range it asked for touches an image or mask column chunk.
    for (const [a, b] of stats.ranges) {
      for (const c of imageChunks) expect(b <= c.start || a >= c.start + c.length).toBe(true);
    }
  });

  it('projects arbitrary columns with readTable and reports their byte ranges', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }) });
    const table = await shard.readTable({ rowGroup: 2, columns: ['id', 'num_turns'] });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'num_turns']);
    expect(table.getChild('id')!.toArray()).toEqual(['validation-0010', 'validation-0011']);
    const ranges = shard.byteRanges({ rowGroup: 2, columns: ['image'] });
    expect(ranges).toHaveLength(1);
    expect(ranges[0][1] - ranges[0][0]).toBe(shard.rowGroups[2].columnBytes.image);
  });

  it('rejects an unknown row group or column with an ArgumentError', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path }) });
    await expect(shard.readRecords(3)).rejects.toThrow(ArgumentError);
    await expect(shard.readTable({ rowGroup: 0, columns: ['nope'] })).rejects.toThrow(/no column nope/);
  });
});

describe('openShard on bad input', () => {
  it('rejects a truncated file with a FormatError naming it', async () => {
    const cut = join(dir, 'truncated.parquet');
    await copyFile(path, cut);
    const size = (await readFile(cut)).length;
    await truncate(cut, Math.floor(size / 2));
    const error = await openShard({ byteSource: await fromFile({ path: cut }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.file).toBe(cut);
    expect(error.message).toMatch(/^parquet: .*truncated\.parquet: .*truncated/);

    // Cut inside the footer: the magic is there but the metadata length points before the file start.
    const bytes = new Uint8Array(await readFile(path));
    const tail = bytes.slice(bytes.length - 40);
    const error2 = await openShard({ byteSource: fromBuffer({ bytes: tail, name: 'tail.parquet' }) }).catch((e) => e);
    expect(error2).toBeInstanceOf(FormatError);
    expect(error2.message).toMatch(/tail\.parquet: footer claims/);

    await expect(openShard({ byteSource: fromBuffer({ bytes: new Uint8Array(5), name: 'tiny.parquet' }) })).rejects.toThrow(/tiny\.parquet: 5 bytes is too short/);
  });

  it('names the row group when the source fails after the footer was read', async () => {
    const shrinking = join(dir, 'shrinking.parquet');
    await copyFile(path, shrinking);
    const shard = await openShard({ byteSource: await fromFile({ path: shrinking }) });
    await truncate(shrinking, shard.footer.rowGroups[2].columns[0].start);
    const error = await shard.readRecords(2).catch((e) => e);
    // Still a SourceError (a retry layer branches on the class), now naming the row group.
    expect(error).toBeInstanceOf(SourceError);
    expect(error.code).toBe('SOURCE_ERROR');
    expect(error.cause).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/^source: .*shrinking\.parquet: row group 2: cannot fetch its column chunks: source: /);
  });

  it('rejects a footer whose column chunks lie outside the file', async () => {
    const bytes = new Uint8Array(await readFile(path));
    const shard = await openShard({ byteSource: fromBuffer({ bytes, name: 'ok.parquet' }) });
    // Drop the data area but keep the footer: every chunk now points past the metadata start.
    const footer = bytes.slice(shard.footer.metadataStart - 4);
    footer.set([0x50, 0x41, 0x52, 0x31], 0);
    const error = await openShard({ byteSource: fromBuffer({ bytes: footer, name: 'hollow.parquet' }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.rowGroup).toBe(0);
    expect(error.message).toMatch(/hollow\.parquet, row group 0: column chunk id claims bytes/);
  });

  it('turns a corrupt data page into a FormatError naming file and row group, and keeps working', async () => {
    const bytes = new Uint8Array(await readFile(path));
    const shard = await openShard({ byteSource: fromBuffer({ bytes, name: 'ok.parquet' }) });
    const chunk = shard.footer.rowGroups[1].columns.find((c) => c.path === 'id')!;
    const bad = bytes.slice();
    const at = chunk.start + Math.floor(chunk.length / 2);
    for (let j = 0; j < 8; j++) bad[at + j] ^= 0xa5;
    const file = join(dir, 'corrupt.parquet');
    await writeFile(file, bad);

    const corrupt = await openShard({ byteSource: await fromFile({ path: file }) });
    const error = await corrupt.readMetadata(1).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.file).toBe(file);
    expect(error.rowGroup).toBe(1);
    expect(error.message).toMatch(/^parquet: .*corrupt\.parquet, row group 1: cannot decode/);
    await expect(corrupt.readRecords(1)).rejects.toThrow(FormatError);
    // The process and the wasm module survive: other row groups of the same file still read.
    expect(await corrupt.readMetadata(0)).toHaveLength(5);
    expect((await corrupt.readRecords(2)).map((r) => r.id)).toEqual(['validation-0010', 'validation-0011']);
  });

  it('rejects a Parquet file with a foreign schema, naming the missing columns', async () => {
    const table = parquet.Table.fromIPCStream(
      tableToIPC((await import('apache-arrow')).tableFromArrays({ a: Int32Array.from([1, 2]), b: Float64Array.from([0.5, 1.5]) }), 'stream'),
    );
    const file = join(dir, 'foreign.parquet');
    await writeFile(file, parquet.writeParquet(table));
    const error = await openShard({ byteSource: await fromFile({ path: file }) }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/foreign\.parquet: not a DiffSeg30k shard .*missing columns id, image, mask.*the file has columns a, b/);

    // layout: 'any' opens it for raw reads, but still refuses to make records of it.
    const any = await openShard({ byteSource: await fromFile({ path: file }), layout: 'any' });
    expect(any.isDiffseg).toBe(false);
    expect(Array.from((await any.readTable({ rowGroup: 0 })).getChild('a')!.toArray())).toEqual([1, 2]);
    await expect(any.readMetadata(0)).rejects.toThrow(FormatError);
  });

  it('rejects a column of the wrong type as a foreign schema', async () => {
    const batch = recordsToArrow({ records: records.slice(0, 2) });
    const { Table: ArrowTable, Utf8, vectorFromArray } = await import('apache-arrow');
    const columns = Object.fromEntries(batch.schema.fields.map((f, i) => [f.name, batch.getChildAt(i)!]));
    columns.width = vectorFromArray(['16', '17'], new Utf8()) as never;
    const t = new ArrowTable(columns);
    const file = join(dir, 'wrong-type.parquet');
    await writeFile(file, parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream'))));
    await expect(openShard({ byteSource: await fromFile({ path: file }) })).rejects.toThrow(/column width is Utf8 \(expected int\)/);
  });

  it('rejects a row that fails validation at read time with a SchemaError naming file, row and record', async () => {
    const bad = structuredClone(records.slice(0, 7));
    (bad[6].turns[1] as { generator: string }).generator = 'dall-e';
    const t = new (await import('apache-arrow')).Table([recordsToArrow({ records: bad })]);
    const props = new parquet.WriterPropertiesBuilder().setMaxRowGroupSize(4).build();
    const file = join(dir, 'validation-00000-of-00001.bad.parquet');
    await writeFile(file, parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')), props));
    const shard = await openShard({ byteSource: await fromFile({ path: file }), split: 'validation' });
    expect(await shard.readMetadata(0)).toHaveLength(4);
    const error = await shard.readMetadata(1).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.file).toBe(file);
    expect(error.row).toBe(6);
    expect(error.recordId).toBe(bad[6].id);
    expect(error.issues[0].path).toEqual(['turns', 1, 'generator']);
    expect(error.message).toMatch(/^schema: file .*bad\.parquet, row 6, record validation-0006: turns\.1\.generator: /);
  });

  it('never crashes on a flipped byte anywhere in the file: every outcome is records or a typed error', async () => {
    const small = join(dir, 'fuzz');
    const summary = await writeDataset({ out: small, splits: { train: await makeRecords(4, 'train') }, rowGroupRows: 2 });
    const bytes = new Uint8Array(await readFile(join(small, summary.splits.train.files[0])));
    const outcomes = new Map<string, number>();
    // Every 13th byte: page headers, compressed pages, statistics, the footer and its length.
    for (let pos = 0; pos < bytes.length; pos += 13) {
      const bad = bytes.slice();
      bad[pos] ^= 0xff;
      let outcome: string;
      try {
        const shard = await openShard({ byteSource: fromBuffer({ bytes: bad, name: `flip-${pos}.parquet` }) });
        for (let g = 0; g < shard.rowGroups.length; g++) await shard.readRecords(g);
        outcome = 'read';
      } catch (error) {
        expect(error).toBeInstanceOf(DiffsegError);
        expect((error as Error).message).toContain(`flip-${pos}.parquet`);
        outcome = (error as DiffsegError).code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(outcomes.get('FORMAT_INVALID')).toBeGreaterThan(0);
    // The module still decodes a good file afterwards.
    const good = await openShard({ byteSource: fromBuffer({ bytes, name: 'good.parquet' }) });
    expect((await good.readMetadata(1)).map((m) => m.id)).toEqual(['train-0002', 'train-0003']);
  });
});

describe('openShard given something other than a ByteSource', () => {
  it('is an ArgumentError: a forgotten await names the fix, anything else says what a ByteSource is', async () => {
    const pending = fromFile({ path: join(samplesDirectory(), 'data', 'validation-00000-of-00001.parquet') });
    const error = await openShard({ byteSource: pending as never }).catch((e) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toMatch(/byteSource is a Promise; await it first/);
    for (const wrong of [null, 'data/x.parquet', new Uint8Array(4), {}]) {
      const e = await openShard({ byteSource: wrong as never }).catch((x) => x);
      expect(e, String(wrong)).toBeInstanceOf(ArgumentError);
      expect(e.message).toMatch(/byteSource must be a ByteSource/);
    }
  });
});
