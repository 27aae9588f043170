import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DiffsegError,
  FormatError,
  SchemaError,
  composeLabelMap,
  flip,
  loadSplit,
  writeDataset,
  type AnnotatedSample,
  type DatasetRecord,
  type Sample,
} from '../../src/index.js';
import { makeRecord } from '../fixtures/make-record.js';

/** The samples here are fully annotated (mask-only layouts are specced in spec/format/layouts.spec.ts). */
async function collect(iterable: AsyncIterable<Sample>): Promise<AnnotatedSample[]> {
  const out: AnnotatedSample[] = [];
  for await (const s of iterable) out.push(s as AnnotatedSample);
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSplit on the bundled samples', () => {
  it("streams 'validation' (alias 'val') with metadata as plain fields and lazy pixels", async () => {
    const samples = await collect(loadSplit('val', { source: 'samples' }));
    expect(samples.length).toBeGreaterThanOrEqual(8);
    expect(new Set(samples.map((s) => s.split))).toEqual(new Set(['validation']));
    const edited = samples.find((s) => s.num_turns > 0)!;
    const image = await edited.image();
    expect(image.width * image.height * image.channels).toBe(image.data.length);
    expect([image.width, image.height]).toEqual([edited.width, edited.height]);
    const labels = await edited.labelMap();
    expect(Array.from(labels)).toEqual(Array.from(composeLabelMap({ turns: edited.turns, height: edited.height, width: edited.width })));
    const binary = await edited.binaryMask();
    expect(binary.every((v, i) => v === (labels[i] === 0 ? 0 : 1))).toBe(true);
    const turn0 = edited.turnMask(0);
    expect(turn0.reduce((a, b) => a + b, 0)).toBe(edited.turns[0].area);
    expect(() => edited.turnMask(edited.num_turns)).toThrow(ArgumentError);
    expect(edited.imageBytes).toBeInstanceOf(Uint8Array);
    expect(await edited.image()).toBe(image); // decoded once, cached
  });

  it('gives identical ids and label maps in a metadata-only pass, with no image bytes', async () => {
    const full = await collect(loadSplit('validation', { source: 'samples' }));
    const meta = await collect(loadSplit('validation', { source: 'samples', metadataOnly: true }));
    expect(meta.map((s) => s.id)).toEqual(full.map((s) => s.id));
    expect(meta.every((s) => s.imageBytes === undefined && s.maskBytes === undefined)).toBe(true);
    for (let i = 0; i < full.length; i++) {
      expect(Array.from(await meta[i].labelMap())).toEqual(Array.from(await full[i].labelMap()));
    }
    await expect(meta[0].image()).rejects.toThrow(/metadataOnly/);
  });

  it('applies limit, filter and the record filters', async () => {
    expect((await collect(loadSplit('train', { source: 'samples', limit: 3 }))).length).toBe(3);
    const threeTurns = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, numTurns: 3, negatives: false }));
    expect(threeTurns.length).toBeGreaterThan(0);
    expect(threeTurns.every((s) => s.num_turns === 3)).toBe(true);
    const custom = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, filter: (r) => r.base_type === 'real' }));
    expect(custom.every((s) => s.base_type === 'real')).toBe(true);
    const all = await collect(loadSplit('train', { source: 'samples', metadataOnly: true }));
    const good = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, minQuality: 3 }));
    expect(good.length).toBe(all.filter((s) => s.num_turns === 0 || (s.quality_score ?? -1) >= 3).length);
  });

  it('yields the two sides of a cross-generator holdout for train and validation', async () => {
    const heldOut = ['sd2', 'sd3.5'];
    const train = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, holdout: 'sd2+sd3.5' }));
    const test = await collect(loadSplit('validation', { source: 'samples', metadataOnly: true, holdout: 'sd2+sd3.5' }));
    expect(train.every((s) => s.turns.every((t) => !heldOut.includes(t.generator)))).toBe(true);
    expect(test.length).toBeGreaterThan(0);
    expect(test.every((s) => s.turns.some((t) => heldOut.includes(t.generator)))).toBe(true);
  });

  it('applies a transform to image and label map together', async () => {
    const [plain] = await collect(loadSplit('validation', { source: 'samples', limit: 1 }));
    const [flipped] = await collect(loadSplit('validation', { source: 'samples', limit: 1, transform: flip() }));
    const a = await plain.labelMap();
    const b = await flipped.labelMap();
    const w = plain.width;
    for (let y = 0; y < plain.height; y += 17) for (let x = 0; x < w; x += 13) expect(b[y * w + x]).toBe(a[y * w + (w - 1 - x)]);
  });

  it('rejects a missing source, a missing split and a directory that is not a dataset', async () => {
    await expect(collect(loadSplit('validation', { source: '' }))).rejects.toThrow(ArgumentError);
    await expect(collect(loadSplit('test', { source: 'samples' }))).rejects.toMatchObject({ code: 'SPLIT_NOT_FOUND' });
    await expect(collect(loadSplit('test', { source: 'samples' }))).rejects.toThrow(/validation/);
    await expect(collect(loadSplit('train', { source: dir }))).rejects.toMatchObject({ code: 'NOT_A_DATASET' });
    await expect(collect(loadSplit('train', { source: 'samples', limit: -1 }))).rejects.toThrow(ArgumentError);
  });
});

describe('loadSplit on bad data', () => {
  it('rejects an unreadable image with a FormatError naming the shard and record', async () => {
    const good = await makeRecord({ id: 'good', turns: [{ generator: 'glide', rect: [2, 2, 4, 4] }] });
    const broken: DatasetRecord = { ...(await makeRecord({ id: 'broken' })), image: { bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), path: 'broken.png' } };
    const out = join(dir, 'broken-image');
    await writeDataset({ dir: out, splits: { validation: [good, broken] } });
    const samples = await collect(loadSplit('validation', { source: out }));
    expect(samples.map((s) => s.id)).toEqual(['good', 'broken']);
    await expect(samples[0].image()).resolves.toMatchObject({ width: 16, height: 12 });
    const error = await samples[1].image().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as DiffsegError).code).toBe('IMAGE_INVALID');
    expect((error as Error).message).toMatch(/validation-00000-of-00001\.parquet, record broken, image: cannot decode/);
  });

  it('surfaces a record that fails the schema as a SchemaError, not a skipped record', async () => {
    const out = join(dir, 'bad-schema');
    const record = await makeRecord({ id: 'r1', turns: [{ generator: 'glide', rect: [2, 2, 4, 4] }] });
    await writeDataset({ dir: out, splits: { validation: [record] } });
    // Rewrite the shard through the Arrow layer with an out-of-range quality score.
    const { recordsToArrow } = await import('../../src/format/arrow-from-records.js');
    const { writeFile, readdir } = await import('node:fs/promises');
    const { Table: WasmTable, writeParquet, WriterPropertiesBuilder, Compression } = await import('parquet-wasm');
    const { Table, tableToIPC } = await import('apache-arrow');
    const table = new Table(recordsToArrow({ records: [{ ...record, quality_score: 9 }] }));
    const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build());
    const [file] = (await readdir(join(out, 'data'))).filter((f) => f.endsWith('.parquet'));
    await writeFile(join(out, 'data', file), bytes);
    const error = await collect(loadSplit('validation', { source: out })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).recordId).toBe('r1');
    expect((error as Error).message).toMatch(/quality_score/);
  });
});
