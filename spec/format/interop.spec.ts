/**
 * Item 11: the shards writeDataset makes read the same with an independent reader — hyparquet,
 * pure JS, sharing no code with parquet-wasm — including the `huggingface` key-value metadata;
 * and the other way round, a shard written by Python's `datasets` (golden fixture made by
 * `fixtures/make-python-fixture.py`) reads with openShard as the values Python wrote.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDataset, type AnyRecord, type DatasetRecord, type WriteDatasetSummary } from '../../src/index.js';
import { openShard } from '../../src/format/index.js';
import { fromFile } from '../../src/io/index.js';
import { composeLabelMap } from '../../src/mask/index.js';
import { noCardRecords } from './fixtures/no-card-records.js';
import { HF_FEATURES } from '../../src/card/hf-features.js';
import { makeRecords, tempDir } from './helpers.js';

let dir: string;
let records: DatasetRecord[];
let summary: WriteDatasetSummary;

beforeAll(async () => {
  dir = await tempDir();
  records = await makeRecords(11, 'train');
  summary = await writeDataset({ out: dir, splits: { train: records }, rowGroupRows: 3, maxShardRows: 6 });
});

async function bufferOf(rel: string): Promise<ArrayBuffer> {
  const b = await readFile(join(dir, rel));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** The record as a Parquet reader that knows nothing of our types returns it. */
function expectedRow(r: DatasetRecord): Record<string, unknown> {
  return {
    id: r.id,
    image: { bytes: r.image.bytes, path: r.image.path },
    mask: { bytes: r.mask.bytes, path: r.mask.path },
    width: r.width,
    height: r.height,
    base_type: r.base_type,
    base_generator: r.base_generator,
    coco_id: r.coco_id === null ? null : BigInt(r.coco_id),
    base_prompt: r.base_prompt,
    turns: r.turns.map((t) => ({ ...t, bbox: [...t.bbox] })),
    num_turns: r.num_turns,
    // float32 on disk: the double nearest to the stored float.
    quality_score: r.quality_score === null ? null : Math.fround(r.quality_score),
    quality_reason: r.quality_reason,
  };
}

describe('interop with hyparquet', () => {
  it('reads every row of every shard with identical values', async () => {
    expect(summary.splits.train.files).toHaveLength(2);
    const rows: Record<string, unknown>[] = [];
    for (const f of summary.splits.train.files) {
      const file = await bufferOf(f);
      rows.push(...(await parquetReadObjects({ file, compressors, utf8: false })));
    }
    expect(rows.length).toBe(records.length);
    rows.forEach((row, i) => {
      const image = row.image as { bytes: unknown };
      expect(image.bytes).toBeInstanceOf(Uint8Array);
      expect({ ...row }).toEqual(expectedRow(records[i]));
    });
  });

  it('sees the huggingface key, the row groups and the column types datasets expects', async () => {
    const file = await bufferOf(summary.splits.train.files[0]);
    const metadata = parquetMetadata(file);
    const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value]));
    expect(JSON.parse(kv.huggingface!)).toEqual({ info: { features: HF_FEATURES } });
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 3]);
    // The flat metadata columns ZSTD; the image and mask files (which ZSTD cannot shrink) and the
    // nested turns (which parquet-wasm cannot address apart from them) uncompressed.
    const codecs = Object.fromEntries(metadata.row_groups[0].columns.map((c) => [c.meta_data!.path_in_schema.join('.'), c.meta_data!.codec]));
    for (const [path, codec] of Object.entries(codecs)) expect([path, codec]).toEqual([path, path.includes('.') ? 'UNCOMPRESSED' : 'ZSTD']);
    expect(codecs['image.bytes']).toBe('UNCOMPRESSED');
    expect(codecs.id).toBe('ZSTD');

    const schema = parquetSchema(metadata);
    const child = (name: string) => schema.children.find((c) => c.element.name === name)!;
    expect(schema.children.map((c) => c.element.name)).toEqual(Object.keys(HF_FEATURES));
    expect(child('image').children.map((c) => [c.element.name, c.element.type])).toEqual([
      ['bytes', 'BYTE_ARRAY'],
      ['path', 'BYTE_ARRAY'],
    ]);
    expect(child('coco_id').element.type).toBe('INT64');
    expect(child('quality_score').element.type).toBe('FLOAT');
    expect(child('num_turns').element.logical_type).toEqual({ type: 'INTEGER', bitWidth: 8, isSigned: true });
    // A standard three-level LIST: turns → list (repeated) → element (struct).
    const turns = child('turns');
    expect(turns.element.converted_type).toBe('LIST');
    expect(turns.children[0].element.repetition_type).toBe('REPEATED');
    expect(turns.children[0].children[0].children.map((c) => c.element.name)).toEqual(Object.keys((HF_FEATURES.turns as readonly object[])[0]));
  });
});

describe('interop with Python datasets', () => {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

  it('reads a shard written by datasets (pyarrow, SNAPPY) as the records Python wrote', async () => {
    const golden = JSON.parse(await readFile(fixture('python-datasets.json'), 'utf8')) as (Omit<DatasetRecord, 'image' | 'mask' | 'split'> & {
      image: { bytes_base64: string; path: string };
      mask: { bytes_base64: string; path: string };
    })[];
    const shard = await openShard({ byteSource: await fromFile({ path: fixture('python-datasets.parquet') }), split: 'validation' });
    expect(shard.isDiffseg).toBe(true);
    expect(shard.footer.createdBy).toMatch(/^parquet-cpp-arrow/);
    expect(Object.keys(shard.huggingface?.info?.features ?? {})).toEqual(Object.keys(HF_FEATURES));
    const records = await shard.readRecords(0);
    const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
    expect(records).toEqual(
      golden.map((g) => ({
        ...g,
        // Written before turns had a `variant`: a missing field reads as null (the vanilla generator).
        turns: g.turns.map((t) => ({ ...t, variant: null })),
        split: 'validation',
        image: { bytes: bytes(g.image.bytes_base64), path: g.image.path },
        mask: { bytes: bytes(g.mask.bytes_base64), path: g.mask.path },
      })),
    );
    expect((await shard.readMetadata(0)).map((m) => m.turns?.length)).toEqual([0, 2, 1]);
  });

  it('the embedded ARROW:schema carries the huggingface key too (pyarrow and datasets read it there), beside the key-value pair', async () => {
    const file = await bufferOf(summary.splits.train.files[0]);
    const kv = Object.fromEntries((parquetMetadata(file).key_value_metadata ?? []).map((e) => [e.key, e.value]));
    expect(Object.keys(kv).sort()).toEqual(['ARROW:schema', 'huggingface']);
    // ARROW:schema is an IPC schema message, base64-encoded: a stream with no batches.
    const embedded = tableFromIPC(new Uint8Array(Buffer.from(kv['ARROW:schema']!, 'base64'))).schema;
    expect(embedded.fields.map((f) => f.name)).toEqual(Object.keys(HF_FEATURES));
    expect(JSON.parse(embedded.metadata.get('huggingface')!)).toEqual({ info: { features: HF_FEATURES } });
    expect(kv.huggingface).toBe(embedded.metadata.get('huggingface'));
  });

  it('without a card, load_dataset("parquet", …) decodes image and mask as PIL images (fixtures/load-without-card.py)', async () => {
    // The committed shard is what writeDataset writes today, so the Python result below is about this code.
    const dir = await tempDir();
    await writeDataset({ out: dir, splits: { train: await noCardRecords() }, card: false });
    const shard = 'data/train-00000-of-00001.parquet';
    expect(Buffer.compare(await readFile(join(dir, shard)), await readFile(fixture(`no-card/${shard}`))), 'regenerate with fixtures/make-no-card-shard.ts and load-without-card.py').toBe(0);
    const seen = JSON.parse(await readFile(fixture('no-card.json'), 'utf8')) as {
      schema_metadata_keys: string[];
      features: Record<string, string>;
      rows: { id: string; image: { type: string; mode: string; size: number[] }; mask: { type: string; mode: string; size: number[]; labels_sha256: string } }[];
    };
    expect(seen.schema_metadata_keys).toEqual(['huggingface']);
    expect(seen.features).toMatchObject({ image: 'Image', mask: 'Image', turns: 'List' });
    const records = await noCardRecords();
    expect(seen.rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
    seen.rows.forEach((row, i) => {
      const r = records[i];
      expect(row.image).toEqual({ type: 'PIL.PngImagePlugin.PngImageFile', mode: 'RGB', size: [r.width, r.height] });
      const labels = composeLabelMap({ turns: r.turns, width: r.width, height: r.height });
      expect(row.mask).toEqual({ type: 'PIL.PngImagePlugin.PngImageFile', mode: 'L', size: [r.width, r.height], labels_sha256: createHash('sha256').update(labels).digest('hex') });
    });
  });
});

describe('interop with DuckDB', () => {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

  it('DuckDB reads every column of writeDataset shards, uncompressed image pages included, as the records written', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const files = summary.splits.train.files.map((f) => `'${join(dir, f)}'`).join(', ');
      const rows = (
        await connection.runAndReadAll(
          `SELECT id, sha256(image.bytes) AS image, sha256(mask.bytes) AS mask, mask.path AS mask_path, len(turns) AS turns, quality_score FROM read_parquet([${files}]) ORDER BY id`,
        )
      ).getRowObjectsJS();
      const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
      expect(rows.map((r) => [r.id, r.image, r.mask, r.mask_path, Number(r.turns)])).toEqual(
        [...records].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, sha(r.image.bytes!), sha(r.mask.bytes!), r.mask.path, r.turns.length]),
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('reads a shard DuckDB wrote (fixtures/make-duckdb-fixture.py) as the records it was copied from', async () => {
    const shard = await openShard({ byteSource: await fromFile({ path: fixture('duckdb-written.parquet') }), split: 'validation' });
    expect(shard.footer.createdBy).toMatch(/^DuckDB/);
    expect(shard.huggingface).toBeUndefined();
    const original = await openShard({ byteSource: await fromFile({ path: fixture('python-datasets.parquet') }), split: 'validation' });
    const expected: AnyRecord[] = [];
    for (let g = 0; g < original.rowGroups.length; g++) expected.push(...(await original.readRecords(g)));
    const got: AnyRecord[] = [];
    for (let g = 0; g < shard.rowGroups.length; g++) got.push(...(await shard.readRecords(g)));
    expect(got).toEqual([...expected].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('DuckDB reads the huggingface key-value pair of a writeDataset shard', async () => {
    const seen = JSON.parse(await readFile(fixture('duckdb-kv.json'), 'utf8')) as { keys: string[]; huggingface: string };
    expect(seen.keys).toEqual(['ARROW:schema', 'huggingface']);
    expect(JSON.parse(seen.huggingface)).toEqual({ info: { features: HF_FEATURES } });
  });
});
