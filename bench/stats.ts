/**
 * The cost of the Figure 3 statistics over a metadata pass. Run: `npx tsx bench/stats.ts`.
 * Data: 2,000 records at 1024² with 1–3 blob-shaped edits each (realistic RLE lengths), written
 * with writeDataset into a temp folder. References, interleaved round by round on the same data:
 * - describeDataset: the bare metadata pass (what `diffseg30k info` does) — the floor;
 * - decoding every turn mask (decodeRle) and counting pixels for each edit and the union, the
 *   obvious way to get the same areas.
 * Prints the load average, since the machine is shared.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { GENERATORS, loadSplit, writeDataset, type DatasetRecord } from '../src/index.js';
import { labelOfGenerator } from '../src/format/index.js';
import { composeLabelMap, decodeRle, encodeRle, rleArea, rleBbox } from '../src/mask/index.js';
import { describeDataset } from '../src/stats/index.js';
import { datasetStatistics } from '../src/stats/dataset-statistics.js';
import { printTable } from './harness.js';

const SIZE = 1024;
const RECORDS = 2_000;
const TEMPLATES = 24;

function blobMask(seed: number, areaRatio: number): Uint8Array {
  let s = seed;
  const random = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const mask = new Uint8Array(SIZE * SIZE);
  const radius = Math.sqrt((areaRatio * SIZE * SIZE) / (Math.PI * 3));
  for (let b = 0; b < 3; b++) {
    const cx = random() * SIZE;
    const cy = random() * SIZE;
    const rx = radius * (0.6 + random() * 0.8);
    const ry = (radius * radius) / rx;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(SIZE, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(SIZE, Math.ceil(cx + rx)); x++) if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1) mask[y * SIZE + x] = 1;
    }
  }
  return mask;
}

const dir = await mkdtemp(join(tmpdir(), 'bench-stats-'));
try {
  const image = await sharp({ create: { width: SIZE, height: SIZE, channels: 3, background: '#808080' } }).png().toBuffer();
  const templates: DatasetRecord[] = [];
  for (let t = 0; t < TEMPLATES; t++) {
    const turns = Array.from({ length: 1 + (t % 3) }, (_, index) => {
      const generator = GENERATORS[(t + index) % GENERATORS.length];
      const rle = encodeRle({ mask: blobMask(t * 7 + index, 0.02 + ((t + index) % 5) * 0.06), height: SIZE, width: SIZE });
      return { index, generator, label: labelOfGenerator(generator), edit_type: 'attribute' as const, prompt: 'p', category: ['food', 'vehicle', 'person'][index], object: 'o', mask_rle: rle.counts, area: rleArea(rle), bbox: rleBbox(rle) };
    });
    const labels = composeLabelMap({ turns, height: SIZE, width: SIZE });
    const mask = await sharp(labels, { raw: { width: SIZE, height: SIZE, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    templates.push({ id: `t${t}`, split: 'train', image: { bytes: image, path: null }, mask: { bytes: mask, path: null }, width: SIZE, height: SIZE, base_type: t % 2 ? 'real' : 'generated', base_generator: null, coco_id: null, base_prompt: null, turns, num_turns: turns.length, quality_score: 4, quality_reason: null });
  }
  await writeDataset({ out: dir, splits: { train: Array.from({ length: RECORDS }, (_, i) => ({ ...templates[i % TEMPLATES], id: `r${i}` })) }, rowGroupRows: 200 });

  const decodeAll = async () => {
    let counted = 0;
    for await (const s of loadSplit('train', { source: dir, metadataOnly: true, rank: 0, worldSize: 1 })) {
      const union = new Uint8Array(s.width * s.height);
      for (const t of s.turns ?? []) {
        const m = decodeRle({ size: [s.height, s.width], counts: t.mask_rle });
        let area = 0;
        for (let p = 0; p < m.length; p++) if (m[p]) ((area++), (union[p] = 1));
        counted += area;
      }
      counted += union.reduce((a, v) => a + v, 0);
    }
    return counted;
  };
  const runs = {
    describeDataset: () => describeDataset({ source: dir }),
    datasetStatistics: () => datasetStatistics({ source: dir }),
    'decode every turn mask': decodeAll,
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (const run of Object.values(runs)) await run(); // warm-up
  for (let round = 0; round < 5; round++) {
    for (const [name, run] of Object.entries(runs)) {
      const start = process.hrtime.bigint();
      await run();
      times[name].push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floor = median(times.describeDataset);
  printTable(`Figure 3 statistics over ${RECORDS} records at ${SIZE}² (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`, ['pass', 'ms per pass', 'µs per record', '× describeDataset'], Object.keys(runs).map((name) => {
    const t = median(times[name]);
    return [name, t * 1e3, (t / RECORDS) * 1e6, `${(t / floor).toFixed(2)}×`];
  }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
