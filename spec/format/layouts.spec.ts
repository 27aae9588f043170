/**
 * The three layouts, found without being told: canonical shards, image/mask Parquet (layout 2)
 * and zip archives of image/mask pairs (layout 3, ZIP64 included) — locally and from a fake Hub
 * on 127.0.0.1 through injected faults — with honest mask-only records.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeLabelMap } from '../../src/codec/decode-label-map.js';
import { ArgumentError } from '../../src/errors.js';
import { openDataset } from '../../src/format/open-dataset.js';
import { openImageMaskShard } from '../../src/format/open-image-mask-shard.js';
import { openShard } from '../../src/format/open-shard.js';
import { countingSource } from '../../src/io/counting-source.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import { hubSource } from '../../src/repo/hub-source.js';
import { GENERATORS, labelOfGenerator } from '../../src/schema/labels.js';
import type { Sample } from '../../src/schema/sample.js';
import { describeDataset } from '../../src/stats/describe-dataset.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { authorsZips, imageMaskFiles } from '../helpers/hub-fixtures.js';
import { collectSampleFields } from '../helpers/sample-fields.js';

let hub: FakeHub;
let dir: string;
let zips: { zip: Uint8Array; zip64: Uint8Array };
let mirror: Record<string, Uint8Array>;
const FAST = { maxTries: 10, baseDelayMs: 1 };

beforeAll(async () => {
  hub = await startFakeHub({ pageSize: 3 });
  dir = await mkdtemp(join(tmpdir(), 'diffseg-layouts-'));
  zips = await authorsZips();
  mirror = await imageMaskFiles({ rowGroupRows: 4 });
  hub.addRepo({ repo: 'org/authors', files: { 'authors-layout.zip': zips.zip } });
  hub.addRepo({ repo: 'org/release', files: { 'train.zip': zips.zip64, 'val.zip': zips.zip, 'README.md': new TextEncoder().encode('# release\n') } });
  hub.addRepo({ repo: 'org/mirror', files: mirror });
  await writeFile(join(dir, 'authors.zip'), zips.zip);
  for (const [path, bytes] of Object.entries(mirror)) {
    await mkdir(dirname(join(dir, 'mirror', path)), { recursive: true });
    await writeFile(join(dir, 'mirror', path), bytes);
  }
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  hub.faults.cdn = {};
  hub.faults.hub = {};
});

const hubOpts = (extra: Record<string, unknown> = {}) => ({ endpoint: hub.endpoint, cacheDir: join(dir, 'hub-cache'), retry: FAST, env: {}, ...extra });

/** A mask-only sample says so, and its generators are exactly the label ids in its mask. */
async function checkMaskOnly(s: Sample) {
  expect(s.annotations).toBe('mask-only');
  expect(s.turns).toBeNull();
  expect(s.num_turns).toBeNull();
  expect(s.base_type).toBeNull();
  expect(() => s.turnMask(0)).toThrow(/mask-only record: its turns are unknown/);
  const labels = await s.labelMap();
  const present = new Set(labels);
  expect(s.turns === null && s.generators).toEqual(GENERATORS.filter((g) => present.has(labelOfGenerator(g))));
  expect(labels).toEqual(await decodeLabelMap({ bytes: s.maskBytes!, name: 'mask' }));
}

describe('layout 3: zip archives of image/mask pairs', () => {
  it('reads a local .zip, splitting by member directory (train/, val/)', async () => {
    const layout = await openDataset({ source: join(dir, 'authors.zip') });
    expect(layout.kind).toBe('pairs');
    expect(layout.splits.map((s) => [s.name, s.files.map((f) => f.path)])).toEqual([
      ['train', ['.']],
      ['validation', ['.']],
    ]);
    const val = [];
    for await (const s of loadSplit('val', { source: join(dir, 'authors.zip') })) {
      await checkMaskOnly(s);
      val.push(s.id);
    }
    expect(val).toEqual(['00000005', '00000006']);
  });

  it('streams a Hub repo of zips (ZIP64 included) through faults: every sample once, identical to a local read', async () => {
    const local = await collectSampleFields(loadSplit('train', { source: join(dir, 'authors.zip') }));
    hub.faults.cdn = { every500: 3, cutEvery: 4, resetEvery: 7, rateLimitEvery: 5 };
    const source = await hubSource({ ...hubOpts(), repo: 'org/authors' });
    const remote = await collectSampleFields(loadSplit('train', { source }));
    expect(remote.map((r) => r.id)).toEqual(local.map((r) => r.id));
    expect(remote).toEqual(local);

    // The release: the archive's name gives the split, whatever the member directories say.
    // (A small archive arrives in one read with its directory; two archives meet the faults.)
    hub.faults.cdn = { every500: 2, rateLimitEvery: 3, cutEvery: 5 };
    const release = await openDataset({ source: 'hf://datasets/org/release', hub: hubOpts() });
    expect(release.splits.map((s) => [s.name, s.files.map((f) => f.path)])).toEqual([
      ['train', ['train.zip']],
      ['validation', ['val.zip']],
    ]);
    const train = await collectSampleFields(loadSplit('train', { source: release.source }));
    expect(train.map((r) => r.id)).toEqual(['00000001', '00000002', '00000003', '00000004', '00000005', '00000006']);
    expect((release.source as unknown as { stats: { retries: number } }).stats.retries).toBeGreaterThan(0);
    const missing = await collectSampleFields(loadSplit('test', { source: release.source })).catch((e) => e);
    expect(missing.code).toBe('SPLIT_NOT_FOUND');
    expect(missing.message).toMatch(/the splits are train \(train\.zip\); validation \(val\.zip\)/);
  });

  it('reading one split of a repo of zips fetches not one byte of the other split\'s archive, its directory included', async () => {
    const blob = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const touches = (r: { path: string }, file: string, bytes: Uint8Array) => r.path.endsWith(`/${file}`) || r.path.includes(blob(bytes));
    for (const [split, options, mine, other] of [
      ['validation', {}, ['val.zip', zips.zip], ['train.zip', zips.zip64]],
      ['validation', { shuffle: true, metadataOnly: true }, ['val.zip', zips.zip], ['train.zip', zips.zip64]],
      ['train', { worldSize: 2, rank: 1 }, ['train.zip', zips.zip64], ['val.zip', zips.zip]],
    ] as const) {
      const start = hub.log.length;
      const ids = [];
      for await (const s of loadSplit(split, { source: 'hf://datasets/org/release', hub: hubOpts({ cacheDir: await mkdtemp(join(dir, 'split-cache-')) }), ...options })) {
        ids.push(s.id);
        await s.labelMap();
      }
      expect(ids.length).toBeGreaterThan(0);
      const requests = hub.log.slice(start);
      expect(requests.filter((r) => touches(r, mine[0], mine[1])).length, `${split} ${JSON.stringify(options)}`).toBeGreaterThan(0);
      expect(requests.filter((r) => touches(r, other[0], other[1])), `${split} ${JSON.stringify(options)}`).toEqual([]);
    }
  });

  it('caches a Hub zip\'s central directory beside the Hub cache, keyed by sha', async () => {
    const source = await hubSource({ ...hubOpts({ cacheDir: join(dir, 'cd-cache', 'hub') }), repo: 'org/authors' });
    await openDataset({ source });
    const before = hub.count('cdn');
    const again = await hubSource({ ...hubOpts({ cacheDir: join(dir, 'cd-cache', 'hub') }), repo: 'org/authors' });
    const layout = await openDataset({ source: again });
    expect(hub.count('cdn')).toBe(before);
    expect(layout.split('train').files).toHaveLength(1);
    expect(source.derivedCacheDir).toBe(join(dir, 'cd-cache', 'diffseg30k', 'datasets--org--authors', source.revision));
  });
});

describe('layout 2: image/mask Parquet', () => {
  it('reads refs/convert/parquet-style files, locally and from the Hub through faults, identically', async () => {
    const layout = await openDataset({ source: join(dir, 'mirror') });
    expect(layout.kind).toBe('image-mask');
    expect(layout.splits.map((s) => s.name)).toEqual(['train', 'validation']);
    const local = await collectSampleFields(loadSplit('validation', { source: join(dir, 'mirror') }));
    for await (const s of loadSplit('validation', { source: join(dir, 'mirror'), limit: 3 })) await checkMaskOnly(s);
    expect(local[0].id).toBe('default/validation/0000.parquet:0');
    // Same pixels as the canonical samples they were made from.
    const canonical = [];
    for await (const s of loadSplit('validation', { source: 'samples' })) canonical.push(s.imageBytes);
    expect(local.map((r) => r.imageBytes)).toEqual(canonical);

    hub.faults.cdn = { every500: 3, cutEvery: 4, rateLimitEvery: 6 };
    hub.faults.hub = { every500: 4 };
    const remote = await collectSampleFields(loadSplit('validation', { source: 'hf://datasets/org/mirror', hub: hubOpts() }));
    expect(remote).toEqual(local);
  });

  it('takes ids from an id column, and a metadata pass reads no image byte', async () => {
    const files = await imageMaskFiles({ withId: true, rowGroupRows: 4 });
    const bytes = files['default/validation/0000.parquet'];
    const { source, stats } = countingSource({ source: fromBuffer({ bytes, name: 'v.parquet' }) });
    const shard = await openImageMaskShard({ byteSource: source, path: 'v.parquet', split: 'validation' });
    const metas = [];
    for (let g = 0; g < shard.rowGroups.length; g++) metas.push(...(await shard.readMetadata(g)));
    expect(metas[0].id).toMatch(/^ds-\d{6}$/);
    expect(new Set(metas.map((m) => m.id)).size).toBe(metas.length);
    const footer = (await openShard({ byteSource: fromBuffer({ bytes }), layout: 'any' })).footer;
    const imageChunks = footer.rowGroups.flatMap((g) => g.columns.filter((c) => c.column === 'image'));
    for (const [a, b] of stats.ranges) for (const c of imageChunks) expect(b <= c.start || a >= c.start + c.length).toBe(true);
  });
});

describe('mask-only records are honest', () => {
  it('filters that need turns fail with an ArgumentError; generators and holdout work from the label map', async () => {
    const source = join(dir, 'authors.zip');
    for (const opt of [{ numTurns: 1 }, { editTypes: ['addition' as const] }, { minQuality: 3 }, { baseType: 'real' as const }, { negatives: false }]) {
      const error = await collectSampleFields(loadSplit('train', { source, ...opt })).catch((e) => e);
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(/need.* per-turn metadata, but record \d{8} is mask-only/);
    }
    const all = [];
    for await (const s of loadSplit('train', { source })) all.push(s);
    const g = all[0].turns === null ? all[0].generators[0] : undefined;
    const withG = await collectSampleFields(loadSplit('train', { source, generators: [g!] }));
    expect(withG.length).toBeGreaterThan(0);
    expect(withG.every((s) => s.turns === null && s.generators.includes(g!))).toBe(true);
    const trainSide = await collectSampleFields(loadSplit('train', { source, holdout: [g!] }));
    const testSide = await collectSampleFields(loadSplit('train', { source, holdout: [g!], holdoutSide: 'test' }));
    expect(trainSide.length + testSide.length).toBe(all.length);
    expect(testSide.map((s) => s.id)).toEqual(withG.map((s) => s.id));
  });

  it('describeDataset counts them as mask-only, never as negatives', async () => {
    const d = await describeDataset({ source: join(dir, 'authors.zip') });
    const train = d.splits.find((s) => s.name === 'train')!;
    expect(train.records).toBe(4);
    expect(train.maskOnly).toBe(4);
    expect(train.negatives).toBe(0);
    expect(train.byNumTurns).toEqual({});
    expect(Object.values(train.imagesWithGenerator).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('labelOrder maps mask values to other generators', async () => {
    const order = [...GENERATORS].reverse();
    const plainSamples: Sample[] = [];
    for await (const s of loadSplit('val', { source: join(dir, 'authors.zip') })) plainSamples.push(s);
    const mapped: Sample[] = [];
    for await (const s of loadSplit('val', { source: join(dir, 'authors.zip'), labelOrder: order })) mapped.push(s);
    for (let i = 0; i < mapped.length; i++) {
      const a = await plainSamples[i].labelMap();
      const b = await mapped[i].labelMap();
      for (let p = 0; p < a.length; p += 97) {
        const v = a[p];
        expect(b[p]).toBe(v === 0 || v === 255 ? v : labelOfGenerator(order[v - 1]));
      }
      const m = mapped[i];
      expect(m.turns === null && m.label_order).toEqual(order);
    }
    await expect(openDataset({ source: 'samples', labelOrder: ['sd2', 'sd2'] as never })).rejects.toThrow(/labelOrder: must list distinct generators/);
  });
});
