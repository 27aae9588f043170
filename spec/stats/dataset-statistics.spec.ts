import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiffsegError, FormatError, GENERATORS, loadSplit, writeDataset, type DatasetSource } from '../../src/index.js';
import { openShard } from '../../src/format/index.js';
import { localSource, samplesDirectory } from '../../src/repo/index.js';
import { countingSource, fromFile, type ReadStats } from '../../src/io/index.js';
import { describeDataset } from '../../src/stats/index.js';
import { datasetStatistics } from '../../src/stats/dataset-statistics.js';
import { makeRecord } from '../fixtures/make-record.js';
import { tempDir } from '../helpers/temp-dir.js';

const authorsZip = join(samplesDirectory(), '..', 'authors-layout.zip');

/** The bin of `area` pixels of `pixels` by its definition: the largest k ≤ 19 with k/20 ≤ area/pixels. */
function binOf(area: number, pixels: number): number {
  let k = 0;
  while (k < 19 && (k + 1) * pixels <= area * 20) k++;
  return k;
}

const sum = (rows: Record<string, number>[]) => {
  const out: Record<string, number> = {};
  for (const row of rows) for (const [k, v] of Object.entries(row)) out[k] = (out[k] ?? 0) + v;
  return out;
};

describe('datasetStatistics on the samples', () => {
  it("gives describeDataset's counts, and a brute-force count over decoded masks gives the rest", async () => {
    const stats = await datasetStatistics({ source: 'samples' });
    const { splits } = await describeDataset({ source: 'samples' });

    expect(stats.splits).toEqual(splits.map((s) => ({ name: s.name, records: s.records })));
    expect(stats.records).toBe(splits.reduce((n, s) => n + s.records, 0));
    expect(stats.annotated).toBe(stats.records);
    expect(stats.maskOnly).toBe(0);
    expect(Object.values(stats.coverage).every((c) => c.status === 'complete')).toBe(true);
    for (const g of GENERATORS) {
      expect(stats.edits.byRound[g]).toEqual([0, 1, 2].map((t) => splits.reduce((n, s) => n + s.byGenerator[g][t], 0)));
      expect(stats.edits.imagesWithGenerator[g]).toBe(splits.reduce((n, s) => n + s.imagesWithGenerator[g], 0));
    }
    expect(stats.rounds!.byNumTurns).toEqual(sum(splits.map((s) => s.byNumTurns)));
    expect(stats.rounds!.negatives).toBe(splits.reduce((n, s) => n + s.negatives, 0));
    const bases = sum(splits.map((s) => s.byBaseType));
    expect({ real: stats.baseImages!.real, generated: stats.baseImages!.generated }).toEqual({ real: bases.real ?? 0, generated: bases.generated ?? 0 });

    // Brute force over full samples: every turn mask decoded and counted pixel by pixel, the union
    // from the stored mask PNG (not from the RLEs the statistics use).
    const categories = new Map<string, number>();
    const perEdit = new Array(20).fill(0);
    const perImage = new Array(20).fill(0);
    const perGenerator = Object.fromEntries(GENERATORS.map((g) => [g, new Array(20).fill(0)]));
    const byNumTurns: Record<number, number> = {};
    for (const split of ['train', 'validation']) {
      for await (const s of loadSplit(split, { source: 'samples' })) {
        if (s.turns === null) throw new Error('the samples are annotated');
        byNumTurns[s.turns.length] = (byNumTurns[s.turns.length] ?? 0) + 1;
        const pixels = s.width * s.height;
        s.turns.forEach((t, i) => {
          if (t.category !== null) categories.set(t.category, (categories.get(t.category) ?? 0) + 1);
          const area = s.turnMask(i).reduce((a, v) => a + v, 0);
          perEdit[binOf(area, pixels)]++;
          perGenerator[t.generator][binOf(area, pixels)]++;
        });
        const edited = (await s.labelMap()).reduce((a, v) => a + (v !== 0 && v !== 255 ? 1 : 0), 0);
        if (edited > 0) perImage[binOf(edited, pixels)]++;
      }
    }
    expect(stats.rounds!.byNumTurns).toEqual(byNumTurns);
    expect(stats.rounds!.ratio).toEqual([1, byNumTurns[2] / byNumTurns[1], byNumTurns[3] / byNumTurns[1]]);
    const ranked = [...categories].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(stats.categories!.top).toEqual(ranked.slice(0, 10).map(([category, edits]) => ({ category, edits })));
    expect(stats.categories!.edits).toBe(ranked.reduce((n, [, c]) => n + c, 0));
    expect(stats.areaRatio.perEdit).toEqual(perEdit);
    expect(stats.areaRatio.perImage).toEqual(perImage);
    expect(stats.areaRatio.perGenerator).toEqual(perGenerator);
    expect(stats.areaRatio.perRegion).toBeNull();
    expect(stats.areaRatio.edges).toEqual(Array.from({ length: 21 }, (_, i) => i / 20));
    // Plain JSON: what stats.json holds is what the verb returns.
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('reads not one byte of an image or mask column on the canonical layout', async () => {
    const local = await localSource({ path: samplesDirectory(), name: 'samples' });
    const reads: { path: string; stats: ReadStats }[] = [];
    const source: DatasetSource = {
      ...local,
      open: async (p) => {
        const c = countingSource({ source: await local.open(p) });
        reads.push({ path: p.path, stats: c.stats });
        return c.source;
      },
    };
    const stats = await datasetStatistics({ source });
    expect(stats.records).toBeGreaterThan(0);
    const pixelRanges = new Map<string, [number, number][]>();
    for (const { path } of (await local.listFiles()).filter((f) => f.path.endsWith('.parquet'))) {
      const shard = await openShard({ byteSource: await fromFile({ path: join(samplesDirectory(), path) }) });
      pixelRanges.set(path, shard.rowGroups.flatMap((_, g) => shard.byteRanges({ rowGroup: g, columns: ['image', 'mask'] })));
    }
    expect(reads.length).toBeGreaterThan(0);
    for (const { path, stats: s } of reads) {
      const pixels = pixelRanges.get(path)!;
      expect(pixels.length).toBeGreaterThan(0);
      for (const [a, b] of s.ranges) for (const [c, d] of pixels) expect(a < d && c < b, `${path} [${a}, ${b}) overlaps a pixel column [${c}, ${d})`).toBe(false);
    }
  });
});

describe('datasetStatistics counts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('stats-');
    const record = async (id: string, split: string, turns: [string | null, (typeof GENERATORS)[number], [number, number, number, number]][]) => {
      const r = await makeRecord({ id, split, width: 20, height: 10, turns: turns.map(([, generator, rect]) => ({ generator, rect })) });
      r.turns.forEach((t, i) => (t.category = turns[i][0]));
      return r;
    };
    const train = [
      // 20 × 10 = 200 pixels: a 10 × 10 edit is 50 %, 2 × 5 is 5 %, 1 × 1 is 0.5 %.
      await record('t1', 'train', [['food', 'sdxl', [0, 0, 10, 10]], ['dog', 'glide', [5, 0, 10, 10]]]),
      await record('t2', 'train', [['food', 'sdxl', [0, 0, 2, 5]], [null, 'kolors', [0, 0, 0, 0]], ['cat', 'kolors', [19, 9, 1, 1]]]),
      await record('t3', 'train', []),
    ];
    const validation = [await record('v1', 'validation', [['food', 'flux.1', [0, 0, 20, 10]]]), await record('v2', 'validation', [['dog', 'sd2', [0, 0, 4, 10]]])];
    await writeDataset({ out: dir, splits: { train, validation } });
  });

  it('ranks categories (top N, other, no category), bins areas and unions, and skips empty masks', async () => {
    const s = await datasetStatistics({ source: dir, topCategories: 1 });
    expect(s.categories).toEqual({ edits: 7, top: [{ category: 'food', edits: 3 }], other: { categories: 2, edits: 3 }, uncategorized: 1, distinct: 3 });
    const bins = (entries: [number, number][]) => {
      const out = new Array(20).fill(0);
      for (const [bin, n] of entries) out[bin] += n;
      return out;
    };
    // Edits: 50 %, 50 %, 5 %, (empty), 0.5 %, 100 %, 20 %.
    expect(s.areaRatio.perEdit).toEqual(bins([[10, 2], [1, 1], [0, 1], [19, 1], [4, 1]]));
    expect(s.areaRatio.emptyEdits).toBe(1);
    // Unions: t1 15 × 10 = 75 %; t2 10 + 1 = 11 px = 5.5 %; v1 100 %; v2 20 %; t3 unedited, left out.
    expect(s.areaRatio.perImage).toEqual(bins([[15, 1], [1, 1], [19, 1], [4, 1]]));
    expect(s.areaRatio.perGenerator.sdxl).toEqual(bins([[10, 1], [1, 1]]));
    expect(s.areaRatio.perGenerator.kolors).toEqual(bins([[0, 1]]));
    expect(s.areaRatio.mean.image).toBeCloseTo((0.75 + 0.055 + 1 + 0.2) / 4, 12);
    expect(s.edits.byRound.kolors).toEqual([0, 1, 1]);
    expect(s.edits.total.sdxl).toBe(2);
    expect(s.rounds).toEqual({ byNumTurns: { 0: 1, 1: 2, 2: 1, 3: 1 }, negatives: 1, edited: 4, ratio: [1, 0.5, 0.5] });
    expect(s.baseImages).toEqual({ real: 5, generated: 0, byBaseGenerator: {} });
  });

  it('counts only the splits asked (val is validation), with progress against the card’s total', async () => {
    const progress: [number, number | undefined][] = [];
    const s = await datasetStatistics({ source: dir, splits: ['val'], onProgress: (done, total) => progress.push([done, total]) });
    expect(s.splits).toEqual([{ name: 'validation', records: 2 }]);
    expect(s.records).toBe(2);
    expect(s.categories!.top).toEqual([{ category: 'dog', edits: 1 }, { category: 'food', edits: 1 }]);
    expect(progress).toEqual([[1, 2], [2, 2]]);
  });

  it('fails with typed errors: an unknown split, a bad topCategories, a turn whose RLE does not fit its image', async () => {
    await expect(datasetStatistics({ source: dir, splits: ['test'] })).rejects.toMatchObject({ code: 'SPLIT_NOT_FOUND' });
    await expect(datasetStatistics({ source: dir, topCategories: 0 })).rejects.toThrow(/topCategories must be a positive integer/);
    await expect(datasetStatistics(null as never)).rejects.toThrow(/takes one params object/);

    const bad = await tempDir('stats-bad-');
    const r = await makeRecord({ id: 'bad-1', turns: [{ generator: 'sdxl', rect: [0, 0, 3, 3] }, { generator: 'sd2', rect: [0, 0, 2, 2] }] });
    r.turns[1].mask_rle = '0'; // one run of 0 pixels: not a 16 × 12 mask
    await writeDataset({ out: bad, splits: { validation: [r] } });
    const error = await datasetStatistics({ source: bad }).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toBeInstanceOf(DiffsegError);
    expect(error.file).toMatch(/validation-00000-of-00001\.parquet$/);
    expect(error.message).toMatch(/record bad-1: mask_rle of turn 1: runs sum to 0 but a 12×16 mask has 192 pixels/);
  });
});

describe('datasetStatistics on a mask-only layout (the authors’ zip)', () => {
  it('counts regions and generators from the masks, and says which panels the layout cannot give', async () => {
    const s = await datasetStatistics({ source: authorsZip });
    expect(s.annotated).toBe(0);
    expect(s.maskOnly).toBe(s.records);
    expect(s.coverage.a.status).toBe('unavailable');
    expect(s.coverage.d.status).toBe('unavailable');
    expect(s.coverage.e.status).toBe('unavailable');
    expect(s.coverage.b).toMatchObject({ status: 'partial', reason: expect.stringMatching(/region/) });
    expect(s.coverage.c).toMatchObject({ status: 'partial', reason: expect.stringMatching(/round of an edit is unknown/) });
    expect([s.categories, s.rounds, s.baseImages, s.areaRatio.perEdit]).toEqual([null, null, null, null]);
    expect(Object.values(s.edits.byRound).flat().every((n) => n === 0)).toBe(true);

    const { splits } = await describeDataset({ source: authorsZip });
    for (const g of GENERATORS) expect(s.edits.imagesWithGenerator[g]).toBe(splits.reduce((n, x) => n + x.imagesWithGenerator[g], 0));
    const perRegion = new Array(20).fill(0);
    const perImage = new Array(20).fill(0);
    for (const split of ['train', 'validation']) {
      for await (const sample of loadSplit(split, { source: authorsZip })) {
        const labels = await sample.labelMap();
        const pixels = labels.length;
        for (let v = 1; v <= 8; v++) {
          const n = labels.reduce((a, x) => a + (x === v ? 1 : 0), 0);
          if (n) perRegion[binOf(n, pixels)]++;
        }
        const edited = labels.reduce((a, x) => a + (x !== 0 && x !== 255 ? 1 : 0), 0);
        if (edited) perImage[binOf(edited, pixels)]++;
      }
    }
    expect(s.areaRatio.perRegion).toEqual(perRegion);
    expect(s.areaRatio.perImage).toEqual(perImage);
  });
});
