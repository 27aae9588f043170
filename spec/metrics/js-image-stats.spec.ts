import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { defaultBoundaryTolerance } from '../../src/metrics/default-boundary-tolerance.js';
import { jsImageStats } from '../../src/metrics/js-image-stats.js';
import { blobs, cases, perturb, referenceStats, rng } from './metrics-fixtures.js';

describe('jsImageStats against the brute-force reference', () => {
  for (const boundary of ['bfscore', 'davis'] as const) {
    for (const k of [2, 9]) {
      for (const pair of cases(k, k)) {
        // Tolerances: the convention's own (undefined), its value as a double, none (0), sub-pixel,
        // between integers, and one wider than most of these images.
        const tolerances = [undefined, defaultBoundaryTolerance({ ...pair, boundary }), 0, 0.5, 1, Math.SQRT2, 2.5, 40];
        it(`${boundary}, K=${k}: ${pair.name}`, () => {
          for (const tolerance of tolerances) {
            const got = jsImageStats({ ...pair, numClasses: k, ignoreIndex: 255, boundary, tolerance });
            const want = referenceStats(pair, k, 255, tolerance, boundary);
            expect(Array.from(got.confusion), `confusion at θ=${tolerance}`).toEqual(want.confusion);
            expect(got.boundary, `boundary at θ=${tolerance}`).toEqual(want.boundary);
          }
        });
      }
    }
  }

  it('decides the default bfscore tolerance exactly: a pixel at exactly θ does not match (2000×2000, 1968×1824)', () => {
    // θ = 3/400 of the diagonal: θ² = 450 at 2000×2000 and 405 at 1968×1824, but in doubles
    // (0.0075·√(w² + h²))² is 450.00000000000006 and 405.00000000000006.
    for (const [width, height, d2, offset] of [
      [2000, 2000, 450, [21, 3]],
      [1968, 1824, 405, [18, 9]],
    ] as const) {
      expect(offset[0] ** 2 + offset[1] ** 2).toBe(d2);
      expect(defaultBoundaryTolerance({ width, height }) ** 2).toBeGreaterThan(d2); // the trap
      const gt = new Uint8Array(width * height);
      const pred = new Uint8Array(width * height);
      // One isolated pixel each (an isolated pixel is its own boundary), d² apart; one pair one step closer.
      gt[500 * width + 500] = 1;
      pred[(500 + offset[1]) * width + 500 + offset[0]] = 1;
      gt[1000 * width + 500] = 2;
      pred[(1000 + offset[1]) * width + 500 + offset[0] - 1] = 2;
      const stats = jsImageStats({ gt, pred, width, height, numClasses: 3, ignoreIndex: 255 });
      expect(stats.boundary[1], `${width}×${height}, d² = ${d2} = θ²`).toEqual({ gtBoundary: 1, gtMatched: 0, predBoundary: 1, predMatched: 0 });
      expect(stats.boundary[2], `${width}×${height}, d² < θ²`).toEqual({ gtBoundary: 1, gtMatched: 1, predBoundary: 1, predMatched: 1 });
    }
  });

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

  it('matches the reference on many random blob images at realistic tolerance, both conventions', () => {
    const rand = rng(99);
    for (let t = 0; t < 24; t++) {
      const boundary = t % 2 === 0 ? 'bfscore' : 'davis';
      const width = 20 + Math.floor(rand() * 50);
      const height = 20 + Math.floor(rand() * 50);
      const gt = blobs(width, height, 9, 1 + Math.floor(rand() * 6), rand);
      const pred = rand() < 0.5 ? perturb(gt, width, height, 9, rand, 4, 0.02) : blobs(width, height, 9, 3, rand);
      const tolerance = t % 3 === 0 ? undefined : 0.5 + rand() * 6;
      const pair = { name: '', gt, pred, width, height };
      for (let i = 0; i < gt.length; i++) if (t % 4 === 1 && rand() < 0.05) gt[i] = 255;
      const got = jsImageStats({ ...pair, numClasses: 9, ignoreIndex: 255, tolerance, boundary });
      expect(got.boundary, `${boundary} ${width}×${height} θ=${tolerance}`).toEqual(referenceStats(pair, 9, 255, tolerance, boundary).boundary);
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
    for (const boundary of ['bfscore', 'davis'] as const) {
      const want = referenceStats({ name: '', gt, pred, width, height }, 9, 255, 2, boundary);
      for (const [g, p] of [[shifted(gt, 1), pred], [gt, shifted(pred, 3)], [shifted(gt, 2), shifted(pred, 2)], [shifted(gt, 4), shifted(pred, 8)]]) {
        const got = jsImageStats({ gt: g, pred: p, width, height, numClasses: 9, ignoreIndex: 255, tolerance: 2, boundary });
        expect(Array.from(got.confusion)).toEqual(want.confusion);
        expect(got.boundary).toEqual(want.boundary);
      }
    }
  });

  it('reads four pixels at a time exactly: widths that are multiples of 4, noise, ignore pixels, K > 128', () => {
    // Rows that start on 32-bit words take the word paths (every word compared with its
    // neighbours at once); the border words and rows, and K > 128, go pixel by pixel.
    const rand = rng(404);
    for (const [width, height] of [[12, 3], [16, 5], [20, 2], [32, 17], [44, 9], [8, 8], [64, 4]] as const) {
      for (const k of [2, 9, 200]) {
        const gt = blobs(width, height, k, 4, rand);
        const pred = perturb(gt, width, height, k, rand, 2, 0.08);
        for (let i = 0; i < gt.length; i++) if (rand() < 0.06) gt[i] = 255;
        for (const boundary of ['bfscore', 'davis'] as const) {
          const got = jsImageStats({ gt, pred, width, height, numClasses: k, ignoreIndex: 255, tolerance: 1.5, boundary });
          expect(got.boundary, `${boundary} ${width}×${height} K=${k}`).toEqual(referenceStats({ name: '', gt, pred, width, height }, k, 255, 1.5, boundary).boundary);
        }
      }
    }
  });

  it('rejects a tolerance that is negative, NaN or infinite with an ArgumentError (both engines share the rule)', () => {
    const gt = Uint8Array.of(0, 1, 1, 0);
    for (const tolerance of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const boundary of ['bfscore', 'davis'] as const) {
        expect(() => jsImageStats({ gt, pred: gt, width: 2, height: 2, numClasses: 2, ignoreIndex: 255, tolerance, boundary })).toThrow(ArgumentError);
      }
    }
    expect(() => jsImageStats({ gt, pred: gt, width: 2, height: 2, numClasses: 2, ignoreIndex: 255, tolerance: -1 })).toThrow(/boundary tolerance must be a finite number of pixels ≥ 0, got -1/);
  });

  it('skips a custom ignore index in the confusion matrix', () => {
    const gt = Uint8Array.of(0, 1, 200, 1);
    const pred = Uint8Array.of(0, 1, 1, 0);
    const got = jsImageStats({ gt, pred, width: 2, height: 2, numClasses: 2, ignoreIndex: 200, tolerance: 1 });
    expect(Array.from(got.confusion)).toEqual([1, 0, 1, 1]);
  });
});
