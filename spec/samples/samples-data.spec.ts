/**
 * The bundled samples (`samples/data/`, `samples/authors-layout.zip`) are what the demo, the
 * examples and many specs run on, so this spec pins them down: the committed bytes are exactly
 * what `npm run samples` makes, and the data has the properties the package promises (issue 2,
 * item 8): enough records, negatives, the paper's 1:4:5 turn ratio, every generator, edit type and
 * base type, valid records, edits that really change the pixels inside their masks, a small size,
 * and a zip in the authors' layout.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLabelMap } from '../../src/codec/decode-label-map.js';
import { openDataset } from '../../src/format/open-dataset.js';
import { openShard } from '../../src/format/open-shard.js';
import { decodeRle } from '../../src/mask/decode-rle.js';
import { EDIT_TYPES, GENERATORS, isGenerator } from '../../src/schema/labels.js';
import type { DatasetRecord } from '../../src/schema/record.js';
import { validateRecord } from '../../src/validate/validate-record.js';
import { authorsZipPlans } from '../../samples/lib/authors-zip.js';
import { makeSamples } from '../../samples/lib/make.js';
import { MIN_CHANGE, planDataset, renderBase } from '../../samples/lib/synth.js';
import { OBJECTS } from '../../samples/lib/vocab.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const DATA = join(SAMPLES, 'data');
const ZIP = join(SAMPLES, 'authors-layout.zip');
const SIZE = 256;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out.sort();
}

/** Colour type and bit depth from a PNG's IHDR (bytes 24 and 25). */
function pngHeader(bytes: Uint8Array): { bitDepth: number; colorType: number; width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24], colorType: bytes[25] };
}

/** Label ids of a mask PNG (sharp's raw output of a grey PNG is sRGB, so through the package's decoder). */
function labelPixels(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  return decodeLabelMap({ bytes, name, width: SIZE, height: SIZE });
}

async function rawPixels(bytes: Uint8Array): Promise<{ data: Uint8Array; channels: number; width: number; height: number }> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), channels: info.channels, width: info.width, height: info.height };
}

let records: DatasetRecord[] = [];

beforeAll(async () => {
  const layout = await openDataset({ source: DATA });
  const out: DatasetRecord[] = [];
  for (const split of layout.splits) {
    for (const { path } of split.files) {
      const shard = await openShard({ byteSource: await layout.source.open({ path }), split: split.name });
      for (let g = 0; g < shard.rowGroups.length; g++) out.push(...((await shard.readRecords(g)) as DatasetRecord[]));
    }
  }
  records = out;
});

const edited = () => records.filter((r) => r.num_turns > 0);

describe('samples/data: regeneration', () => {
  let tmp: string | undefined;
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('npm run samples reproduces the committed dataset and zip byte for byte', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'diffseg30k-samples-'));
    const made = await makeSamples({ root: tmp });
    const committed = (await listFiles(DATA)).map((p) => relative(DATA, p));
    const regenerated = (await listFiles(made.dataDir)).map((p) => relative(made.dataDir, p));
    expect(regenerated).toEqual(committed);
    for (const name of committed) {
      const [a, b] = await Promise.all([readFile(join(DATA, name)), readFile(join(made.dataDir, name))]);
      expect(b.equals(a), `${name} differs from a fresh \`npm run samples\`: regenerate and commit samples/data`).toBe(true);
    }
    const [zipA, zipB] = await Promise.all([readFile(ZIP), readFile(made.zipPath)]);
    expect(zipB.equals(zipA), 'authors-layout.zip differs from a fresh `npm run samples`').toBe(true);
  });
});

describe('samples/data: contents', () => {
  it('has at least 48 records over train and validation, unique ids, 256×256', () => {
    expect(records.length).toBeGreaterThanOrEqual(48);
    const splits = new Set(records.map((r) => r.split));
    expect([...splits].sort()).toEqual(['train', 'validation']);
    expect(records.filter((r) => r.split === 'validation').length).toBeGreaterThanOrEqual(12);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const r of records) {
      expect([r.width, r.height]).toEqual([SIZE, SIZE]);
      expect(r.image.path).toBe(`${r.id}.png`);
      expect(r.mask.path).toBe(`${r.id}.mask.png`);
    }
  });

  it('every record passes validateRecord (composition = mask, area, bbox, labels, sizes)', async () => {
    for (const record of records) {
      const report = await validateRecord({ record });
      expect(report.issues, record.id).toEqual([]);
    }
  });

  it('holds unedited negatives in both splits: no turns, an all-background mask', async () => {
    const negatives = records.filter((r) => r.num_turns === 0);
    for (const split of ['train', 'validation']) expect(negatives.some((r) => r.split === split)).toBe(true);
    for (const r of negatives) {
      expect(r.turns).toEqual([]);
      const mask = await labelPixels(r.mask.bytes!, r.id);
      expect(mask.every((v) => v === 0)).toBe(true);
    }
  });

  it('has 1-, 2- and 3-turn images in about the paper’s 1:4:5 ratio', () => {
    const n = [1, 2, 3].map((k) => edited().filter((r) => r.num_turns === k).length);
    const total = n[0] + n[1] + n[2];
    expect(records.every((r) => r.num_turns <= 3)).toBe(true);
    expect(n[0] / total).toBeCloseTo(0.1, 1);
    expect(n[1] / total).toBeCloseTo(0.4, 1);
    expect(n[2] / total).toBeCloseTo(0.5, 1);
  });

  it('uses all 8 generators about equally, all 3 edit types, distinct generators within an image', () => {
    const turns = edited().flatMap((r) => r.turns);
    const perGenerator = GENERATORS.map((g) => turns.filter((t) => t.generator === g).length);
    expect(Math.min(...perGenerator)).toBeGreaterThanOrEqual(turns.length / 8 / 2);
    for (const e of EDIT_TYPES) expect(turns.filter((t) => t.edit_type === e).length).toBeGreaterThanOrEqual(turns.length / 3 / 2);
    for (const r of edited()) expect(new Set(r.turns.map((t) => t.generator)).size).toBe(r.num_turns);
    // The validation split alone supports per-generator metrics.
    const valGenerators = new Set(records.filter((r) => r.split === 'validation').flatMap((r) => r.turns.map((t) => t.generator)));
    expect(valGenerators.size).toBe(8);
  });

  it('has real and generated bases with the right fields', () => {
    const real = records.filter((r) => r.base_type === 'real');
    const generated = records.filter((r) => r.base_type === 'generated');
    expect(real.length).toBeGreaterThan(records.length / 4);
    expect(generated.length).toBeGreaterThan(records.length / 4);
    for (const r of real) {
      expect(r.base_generator).toBeNull();
      expect(r.base_prompt).toBeNull();
      expect(Number.isInteger(r.coco_id)).toBe(true);
    }
    for (const r of generated) {
      expect(isGenerator(r.base_generator ?? '')).toBe(true);
      expect(r.base_prompt).toMatch(/^[A-Z].{15,}\.$/);
    }
  });

  it('reads like the paper: object categories and objects, prompts by edit type, quality scores', () => {
    const turns = edited().flatMap((r) => r.turns);
    const categories = new Set(turns.map((t) => t.category));
    for (const c of ['food', 'vehicle', 'person', 'animal', 'sign', 'furniture', 'nature']) expect(categories, c).toContain(c);
    for (const t of turns) {
      expect(OBJECTS[t.category as keyof typeof OBJECTS] as readonly string[]).toContain(t.object);
      expect(t.prompt).toContain(t.object!);
      if (t.edit_type === 'removal') expect(t.prompt).toMatch(/^Remove the /);
      if (t.edit_type === 'addition') expect(t.prompt).toMatch(/^Add an? /);
    }
    // Food is edited most often (Figure 3a).
    const food = turns.filter((t) => t.category === 'food').length;
    for (const c of categories) expect(food).toBeGreaterThanOrEqual(turns.filter((t) => t.category === c).length);

    for (const r of edited()) {
      expect(r.quality_score).not.toBeNull();
      expect(r.quality_score! >= 0 && r.quality_score! <= 5).toBe(true);
      expect(r.quality_reason).toMatch(/\w+ \w+/);
    }
    const low = edited().filter((r) => r.quality_score! < 3).length;
    expect(low).toBeGreaterThan(0); // the quality filter has something to drop …
    expect(low).toBeLessThan(edited().length / 4); // … but most records pass it
  });

  it('has blob-like masks of varied size, some touching the border, some overlapping an earlier edit', () => {
    let touching = 0;
    let overlapping = 0;
    const ratios: number[] = [];
    for (const r of edited()) {
      const masks = r.turns.map((t) => decodeRle({ size: [r.height, r.width], counts: t.mask_rle }));
      r.turns.forEach((t, k) => {
        const [x, y, w, h] = t.bbox;
        if (x === 0 || y === 0 || x + w === r.width || y + h === r.height) touching++;
        ratios.push(t.area / (r.width * r.height));
        if (masks.slice(0, k).some((m) => m.some((v, i) => v === 1 && masks[k][i] === 1))) overlapping++;
      });
    }
    expect(touching).toBeGreaterThanOrEqual(5);
    expect(overlapping).toBeGreaterThanOrEqual(5);
    expect(Math.min(...ratios)).toBeLessThan(0.03);
    expect(Math.max(...ratios)).toBeGreaterThan(0.12);
  });

  it('each edit really changes the pixels inside its mask, and nothing outside the masks changes', async () => {
    const plans = new Map(planDataset().map((p) => [p.id, p]));
    for (const r of records) {
      const plan = plans.get(r.id);
      expect(plan, r.id).toBeDefined();
      const base = renderBase(plan!);
      const image = await rawPixels(r.image.bytes!);
      const labels = await labelPixels(r.mask.bytes!, r.id);
      expect(image.channels).toBe(3);
      let changedOutside = 0;
      let unchangedInside = 0;
      const visible = new Map<number, number>();
      for (let p = 0; p < SIZE * SIZE; p++) {
        const d = Math.max(
          Math.abs(image.data[p * 3] - base[p * 3]),
          Math.abs(image.data[p * 3 + 1] - base[p * 3 + 1]),
          Math.abs(image.data[p * 3 + 2] - base[p * 3 + 2]),
        );
        const label = labels[p];
        if (label === 0 && d !== 0) changedOutside++;
        if (label !== 0) {
          if (d < MIN_CHANGE) unchangedInside++;
          visible.set(label, (visible.get(label) ?? 0) + 1);
        }
      }
      expect(changedOutside, `${r.id}: pixels changed outside every mask`).toBe(0);
      expect(unchangedInside, `${r.id}: masked pixels the edits did not change`).toBe(0);
      // Every edit is still visible in the final image (later edits cover at most 70 % of it).
      for (const t of r.turns) expect(visible.get(t.label) ?? 0, `${r.id} turn ${t.index}`).toBeGreaterThanOrEqual(0.3 * t.area);
    }
  });

  it('images are 8-bit RGB PNGs with visible texture; masks are 8-bit single-channel grey PNGs', async () => {
    for (const r of records) {
      const img = pngHeader(r.image.bytes!);
      expect(img).toEqual({ width: SIZE, height: SIZE, bitDepth: 8, colorType: 2 });
      const mask = pngHeader(r.mask.bytes!);
      expect(mask).toEqual({ width: SIZE, height: SIZE, bitDepth: 8, colorType: 0 });
      const meta = await sharp(r.mask.bytes!).metadata();
      expect([meta.channels, meta.depth, meta.format]).toEqual([1, 'uchar', 'png']);
    }
    // Texture, not flat colour: the base images have many distinct colours.
    for (const r of records.slice(0, 8)) {
      const { data } = await rawPixels(r.image.bytes!);
      const colours = new Set<number>();
      for (let p = 0; p < data.length; p += 3) colours.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
      expect(colours.size, r.id).toBeGreaterThanOrEqual(8);
    }
  });

  it('keeps all of samples/ under 4 MB', async () => {
    let total = 0;
    for (const path of await listFiles(SAMPLES)) total += (await stat(path)).size;
    expect(total).toBeLessThan(4 * 1024 * 1024);
  });

  it('has a card that says the data is synthetic and how it was made', async () => {
    const card = await readFile(join(DATA, 'README.md'), 'utf8');
    expect(card).toMatch(/SYNTHETIC/);
    expect(card).toMatch(/procedural/);
    expect(card).toContain('npm run samples');
    const layout = await openDataset({ source: DATA });
    expect(layout.from).toBe('configs');
    expect(layout.splits.map((s) => [s.name, s.num_examples])).toEqual([
      ['train', records.filter((r) => r.split === 'train').length],
      ['validation', records.filter((r) => r.split === 'validation').length],
    ]);
  });
});

describe('samples/authors-layout.zip', () => {
  it('holds 4–6 image/mask pairs named <dir>/<8 digits>.{image,mask}.png that decode to 256×256', async () => {
    const members = unzipSync(new Uint8Array(await readFile(ZIP)));
    const names = Object.keys(members).sort();
    const stems = new Set<string>();
    for (const name of names) {
      const m = /^(\w+)\/(\d{8})\.(image|mask)\.png$/.exec(name);
      expect(m, name).not.toBeNull();
      stems.add(`${m![1]}/${m![2]}`);
    }
    expect(stems.size).toBeGreaterThanOrEqual(4);
    expect(stems.size).toBeLessThanOrEqual(6);
    expect(names.length).toBe(stems.size * 2);
    expect(stems.size).toBe(authorsZipPlans().length);
    for (const stem of stems) {
      const image = await rawPixels(members[`${stem}.image.png`]);
      expect([image.width, image.height, image.channels]).toEqual([SIZE, SIZE, 3]);
      const meta = await sharp(members[`${stem}.mask.png`]).metadata();
      expect([meta.width, meta.height, meta.channels, meta.depth]).toEqual([SIZE, SIZE, 1, 'uchar']);
      expect(pngHeader(members[`${stem}.mask.png`])).toMatchObject({ bitDepth: 8, colorType: 0 });
      const labels = new Set(await labelPixels(members[`${stem}.mask.png`], stem));
      expect([...labels].every((v) => v <= 8), stem).toBe(true);
      expect(labels.size, `${stem}: mask has edits`).toBeGreaterThan(1);
    }
  });
});
