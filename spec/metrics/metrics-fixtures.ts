/**
 * Shared by the metrics specs: a seeded PRNG, label-map generators (random, blobs, touching
 * regions, border regions …) and the brute-force reference of ./tfjs/reference.ts (boundaries by
 * their literal definitions, nearest boundary pixel by exhaustive search) in this file's shape.
 */
import type { BoundaryConvention, BoundaryCounts } from '../../src/metrics/image-stats.js';
import { referenceImageStats } from './tfjs/reference.js';
import { mulberry32 as rng } from '../fixtures/mulberry32.js';
export { mulberry32 as rng } from '../fixtures/mulberry32.js';


export interface LabelPair {
  name: string;
  gt: Uint8Array;
  pred: Uint8Array;
  width: number;
  height: number;
}

/** Paints random discs and rectangles of classes 1..k-1 over background. */
export function blobs(width: number, height: number, k: number, count: number, rand: () => number): Uint8Array {
  const map = new Uint8Array(width * height);
  for (let b = 0; b < count; b++) {
    const label = 1 + Math.floor(rand() * (k - 1));
    const cx = rand() * width;
    const cy = rand() * height;
    const rx = 1 + rand() * width * 0.3;
    const ry = 1 + rand() * height * 0.3;
    const disc = rand() < 0.6;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = (x - cx) / rx;
        const dy = (y - cy) / ry;
        if (disc ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1) map[y * width + x] = label;
      }
    }
  }
  return map;
}

/** Shifts a map by (sx, sy) and flips a few pixels: a plausible imperfect prediction. */
export function perturb(map: Uint8Array, width: number, height: number, k: number, rand: () => number, shift = 2, noise = 0.01): Uint8Array {
  const out = new Uint8Array(map.length);
  const sx = Math.round((rand() * 2 - 1) * shift);
  const sy = Math.round((rand() * 2 - 1) * shift);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ox = Math.min(width - 1, Math.max(0, x - sx));
      const oy = Math.min(height - 1, Math.max(0, y - sy));
      let v = map[oy * width + ox];
      if (v >= k) v = 0;
      if (rand() < noise) v = Math.floor(rand() * k);
      out[y * width + x] = v;
    }
  }
  return out;
}

export function randomMap(n: number, k: number, rand: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * k));
}

export interface ReferenceStats {
  confusion: number[];
  boundary: (BoundaryCounts | null)[];
}

/**
 * Brute-force counts of one pair under either convention (the oracle of ./tfjs/reference.ts):
 * `tolerance` undefined means the convention's own, decided from its definition.
 */
export function referenceStats(pair: LabelPair, k: number, ignoreIndex: number, tolerance: number | undefined, boundary: BoundaryConvention = 'bfscore'): ReferenceStats {
  const { confusion, boundary: counts } = referenceImageStats({ gt: pair.gt, pred: pair.pred, width: pair.width, height: pair.height, numClasses: k, ignoreIndex, tolerance, boundary });
  return { confusion: Array.from(confusion), boundary: counts };
}

/** Structured and random cases for K classes: blobs, noise, touching stripes, border regions, empty maps, ignore pixels, tiny sizes. */
export function cases(k: number, seed = 1): LabelPair[] {
  const rand = rng(seed);
  const list: LabelPair[] = [];
  const add = (name: string, width: number, height: number, gt: Uint8Array, pred: Uint8Array) => list.push({ name, width, height, gt, pred });
  const fill = (n: number, v: number) => new Uint8Array(n).fill(v);

  for (const [w, h] of [[48, 48], [37, 23], [16, 61]]) {
    const gt = blobs(w, h, k, 5, rand);
    add(`blobs ${w}×${h}`, w, h, gt, perturb(gt, w, h, k, rand));
    add(`blobs vs other blobs ${w}×${h}`, w, h, gt, blobs(w, h, k, 4, rand));
  }
  add('random noise 19×13', 19, 13, randomMap(19 * 13, k, rand), randomMap(19 * 13, k, rand));
  {
    // Touching regions: vertical stripes of different classes sharing edges; prediction shifted.
    const w = 30;
    const h = 20;
    const gt = Uint8Array.from({ length: w * h }, (_, i) => 1 + (Math.floor((i % w) / 7) % (k - 1)));
    const pred = Uint8Array.from({ length: w * h }, (_, i) => 1 + (Math.floor(((i % w) + 2) / 7) % (k - 1)));
    add('touching stripes', w, h, gt, pred);
  }
  {
    // Regions on the border: a frame of class 1 and corners of class 2.
    const w = 25;
    const h = 18;
    const gt = new Uint8Array(w * h);
    const pred = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (x < 3 || y < 2 || x >= w - 1) gt[y * w + x] = 1;
        if (x < 2 || y < 3) pred[y * w + x] = 1;
        if (x > w - 6 && y > h - 5) (gt[y * w + x] = 2 % k), (pred[y * w + x] = 2 % k);
      }
    }
    add('regions on the border', w, h, gt, pred);
  }
  {
    const w = 33;
    const h = 21;
    const gt = blobs(w, h, k, 4, rand);
    add('empty prediction', w, h, gt, fill(w * h, 0));
    add('empty ground truth', w, h, fill(w * h, 0), blobs(w, h, k, 4, rand));
    add('both empty', w, h, fill(w * h, 0), fill(w * h, 0));
    add('one class everywhere, right', w, h, fill(w * h, k - 1), fill(w * h, k - 1));
    add('one class everywhere, wrong', w, h, fill(w * h, 1), fill(w * h, k - 1));
    const ignored = gt.slice();
    for (let i = 0; i < ignored.length; i++) if (rand() < 0.15) ignored[i] = 255;
    for (let i = 0; i < 40; i++) ignored[i] = 255;
    add('ignore pixels', w, h, ignored, perturb(gt, w, h, k, rand));
  }
  add('1×1 same', 1, 1, Uint8Array.of(1), Uint8Array.of(1));
  add('1×1 different', 1, 1, Uint8Array.of(1), Uint8Array.of(0));
  add('1×1 ignored', 1, 1, Uint8Array.of(255), Uint8Array.of(k - 1));
  add('1×9 line', 1, 9, randomMap(9, k, rand), randomMap(9, k, rand));
  add('11×1 line', 11, 1, randomMap(11, k, rand), randomMap(11, k, rand));
  add('2×2', 2, 2, Uint8Array.of(1, 1, 0, 1), Uint8Array.of(1, 0, 0, 1));
  return list;
}
