import { describe, expect, it } from 'vitest';
import { scanLabelMaps } from '../../src/metrics/scan-label-maps.js';
import { blobs, perturb, rng } from './metrics-fixtures.js';

/** A map pair whose rows mix long runs, noise bands, stripes of repeated mixed words and specks. */
function maps(width: number, height: number, k: number, rand: () => number): { gt: Uint8Array; pred: Uint8Array } {
  const gt = blobs(width, height, k, 2 + Math.floor(rand() * 4), rand);
  const pred = perturb(gt, width, height, k, rand, 3, 0);
  const y0 = Math.floor(rand() * height);
  for (let y = y0; y < Math.min(height, y0 + 1 + Math.floor(rand() * 10)); y++) for (let x = 0; x < width; x++) if (rand() < 0.1) pred[y * width + x] = Math.floor(rand() * k);
  for (let i = 0; i < 20; i++) gt[Math.floor(rand() * gt.length)] = Math.floor(rand() * k); // specks in the truth too
  const s = Math.floor(rand() * height);
  for (let x = 0; x < width; x++) gt[s * width + x] = 1 + (x % 2) * (k - 2);
  return { gt, pred };
}

function scan(gt: Uint8Array, pred: Uint8Array, width: number, height: number, k: number) {
  const entries = height * (((width >>> 2) + 31) >>> 5);
  const pairs = new Float64Array(256 * k);
  const gtDirty = new Int32Array(entries);
  const predDirty = new Int32Array(entries);
  const ok = scanLabelMaps({ gt, pred, width, height, k, ignoreIndex: 255, pairs, gtDirty, predDirty });
  return { ok, pairs, gtDirty, predDirty };
}

/** Whether pixel (x, y) is a boundary pixel of some class under bfscore or DAVIS (no void), by the rules. */
function onSomeBoundary(map: Uint8Array, width: number, height: number, k: number, x: number, y: number): boolean {
  const at = (u: number, v: number) => map[v * width + u];
  const a = at(x, y);
  const cross = a > 0 && a < k && (x === 0 || y === 0 || x === width - 1 || y === height - 1 || at(x - 1, y) !== a || at(x + 1, y) !== a || at(x, y - 1) !== a || at(x, y + 1) !== a);
  const e = x < width - 1 ? at(x + 1, y) : a;
  const s = y < height - 1 ? at(x, y + 1) : a;
  const se = x < width - 1 && y < height - 1 ? at(x + 1, y + 1) : a;
  return cross || e !== a || s !== a || se !== a;
}

describe('scanLabelMaps', () => {
  it('counts every (truth, prediction) pair exactly', () => {
    const rand = rng(5);
    for (let t = 0; t < 12; t++) {
      const width = 4 * (2 + Math.floor(rand() * 50));
      const height = 1 + Math.floor(rand() * 60);
      const { gt, pred } = maps(width, height, 9, rand);
      for (let i = 0; i < gt.length; i++) if (rand() < 0.03) gt[i] = 255;
      const { ok, pairs } = scan(gt, pred, width, height, 9);
      const want = new Float64Array(256 * 9);
      for (let i = 0; i < gt.length; i++) want[gt[i] * 9 + pred[i]]++;
      expect(ok).toBe(true);
      expect(Array.from(pairs), `${width}×${height}`).toEqual(Array.from(want));
    }
  });

  it('marks every word that holds a boundary pixel of either map, under either convention', () => {
    // Words left unmarked are never looked at again: a missed one would lose boundary pixels.
    const rand = rng(6);
    for (let t = 0; t < 16; t++) {
      const width = 4 * (2 + Math.floor(rand() * 60));
      const height = 1 + Math.floor(rand() * 70);
      const k = t % 4 === 0 ? 2 : 9;
      const { gt, pred } = maps(width, height, k, rand);
      const { gtDirty, predDirty } = scan(gt, pred, width, height, k);
      const entriesPerRow = ((width >>> 2) + 31) >>> 5;
      for (const [name, map, dirty] of [['gt', gt, gtDirty], ['pred', pred, predDirty]] as const) {
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            if (!onSomeBoundary(map, width, height, k, x, y)) continue;
            const word = x >>> 2;
            const marked = (dirty[y * entriesPerRow + (word >>> 5)] >>> (word & 31)) & 1;
            expect(marked, `${name} ${width}×${height} K=${k}: pixel (${x}, ${y})`).toBe(1);
          }
        }
      }
    }
  });

  it('returns false for a prediction ≥ k or a truth ≥ k that is not the ignore index, wherever it is', () => {
    const width = 40;
    const height = 6;
    for (const [map, at, value] of [['pred', 0, 9], ['pred', 5 * width + 39, 200], ['gt', 2 * width + 7, 12], ['gt', 3 * width, 254]] as const) {
      const gt = new Uint8Array(width * height).fill(255, 0, 8); // ignored pixels are fine
      const pred = new Uint8Array(width * height);
      expect(scan(gt, pred, width, height, 9).ok).toBe(true);
      (map === 'gt' ? gt : pred)[at] = value;
      expect(scan(gt, pred, width, height, 9).ok, `${map}[${at}] = ${value}`).toBe(false);
    }
  });
});
