import { describe, expect, it } from 'vitest';
import { defaultBoundaryTolerance } from '../../src/metrics/default-boundary-tolerance.js';
import { jsImageStats } from '../../src/metrics/js-image-stats.js';
import { blobs, cases, perturb, referenceStats, rng } from './metrics-fixtures.js';

describe('jsImageStats against the brute-force reference', () => {
  for (const k of [2, 9]) {
    for (const pair of cases(k, k)) {
      // Tolerances: the default, sub-pixel (exact matches only), between integers, and a huge one
      // that exercises the exhaustive-scan path (disk larger than the boundary).
      const tolerances = [defaultBoundaryTolerance(pair), 0.5, 1, Math.SQRT2, 2.5, 40];
      it(`K=${k}: ${pair.name}`, () => {
        for (const tolerance of tolerances) {
          const got = jsImageStats({ ...pair, numClasses: k, ignoreIndex: 255, tolerance });
          const want = referenceStats(pair, k, 255, tolerance);
          expect(Array.from(got.confusion), `confusion at θ=${tolerance}`).toEqual(want.confusion);
          expect(got.boundary, `boundary at θ=${tolerance}`).toEqual(want.boundary);
        }
      });
    }
  }

  it('gives the same counts when called again (scratch buffers are left clean)', () => {
    const rand = rng(7);
    const gt = blobs(40, 30, 9, 6, rand);
    const pred = perturb(gt, 40, 30, 9, rand);
    const params = { gt, pred, width: 40, height: 30, numClasses: 9, ignoreIndex: 255, tolerance: 3 };
    const first = jsImageStats(params);
    // A differently sized image in between must not leave state behind.
    jsImageStats({ ...params, gt: blobs(13, 7, 9, 3, rand), pred: blobs(13, 7, 9, 3, rand), width: 13, height: 7 });
    expect(jsImageStats(params)).toEqual(first);
  });

  it('matches the reference on many random blob images at realistic tolerance', () => {
    const rand = rng(99);
    for (let t = 0; t < 12; t++) {
      const width = 20 + Math.floor(rand() * 50);
      const height = 20 + Math.floor(rand() * 50);
      const gt = blobs(width, height, 9, 1 + Math.floor(rand() * 6), rand);
      const pred = rand() < 0.5 ? perturb(gt, width, height, 9, rand, 4, 0.02) : blobs(width, height, 9, 3, rand);
      const tolerance = 0.5 + rand() * 6;
      const pair = { name: '', gt, pred, width, height };
      const got = jsImageStats({ ...pair, numClasses: 9, ignoreIndex: 255, tolerance });
      expect(got.boundary).toEqual(referenceStats(pair, 9, 255, tolerance).boundary);
    }
  });

  it('counts the same from unaligned views and lengths that are not a multiple of 4', () => {
    const rand = rng(3);
    const width = 29;
    const height = 11;
    const gt = blobs(width, height, 9, 4, rand);
    const pred = perturb(gt, width, height, 9, rand);
    const shifted = (m: Uint8Array, by: number) => {
      const backing = new Uint8Array(m.length + by);
      backing.set(m, by);
      return backing.subarray(by);
    };
    const want = referenceStats({ name: '', gt, pred, width, height }, 9, 255, 2);
    for (const [g, p] of [[shifted(gt, 1), pred], [gt, shifted(pred, 3)], [shifted(gt, 2), shifted(pred, 2)], [shifted(gt, 4), shifted(pred, 8)]]) {
      const got = jsImageStats({ gt: g, pred: p, width, height, numClasses: 9, ignoreIndex: 255, tolerance: 2 });
      expect(Array.from(got.confusion)).toEqual(want.confusion);
      expect(got.boundary).toEqual(want.boundary);
    }
  });

  it('skips a custom ignore index in the confusion matrix', () => {
    const gt = Uint8Array.of(0, 1, 200, 1);
    const pred = Uint8Array.of(0, 1, 1, 0);
    const got = jsImageStats({ gt, pred, width: 2, height: 2, numClasses: 2, ignoreIndex: 200, tolerance: 1 });
    expect(Array.from(got.confusion)).toEqual([1, 0, 1, 1]);
  });
});
