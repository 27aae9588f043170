import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { MetricsError } from '../../src/metrics/metrics-error.js';
import { defaultBoundaryTolerance } from '../../src/metrics/default-boundary-tolerance.js';
import { jsImageStats } from '../../src/metrics/js-image-stats.js';
import { blobs, cases, perturb, referenceStats, rng } from './metrics-fixtures.js';

describe('jsImageStats against the brute-force reference', () => {
  for (const boundary of ['bfscore', 'davis'] as const) {
    for (const k of [2, 9]) {
      for (const pair of cases(k, k)) {
        // Tolerances: the convention's own (undefined), its value as a double, none (0), sub-pixel,
        // between integers, and one wider than most of these images.
        const tolerances = [undefined, defaultBoundaryTolerance({ width: pair.width, height: pair.height, boundary }), 0, 0.5, 1, Math.SQRT2, 2.5, 40];
        it(`${boundary}, K=${k}: ${pair.name}`, () => {
          for (const tolerance of tolerances) {
            const got = jsImageStats({ ...unnamed(pair), numClasses: k, ignoreIndex: 255, boundary, tolerance });
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
      const got = jsImageStats({ ...unnamed(pair), numClasses: 9, ignoreIndex: 255, tolerance, boundary });
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

  it('matches the reference where rows alternate between long runs and noise, stripes of repeated mixed words and void bands, both conventions', () => {
    // The word path counts a run of repeated words once, compares rows by their changes, and
    // marks a noisy row (and its neighbours) whole: these maps switch between those cases row
    // by row, in either map, at sizes where rows hold several 32-word blocks of marks.
    const rand = rng(2024);
    const noiseIn = (map: Uint8Array, width: number, height: number, k: number, rate: number, band: [number, number]) => {
      for (let y = band[0]; y < Math.min(height, band[1]); y++) for (let x = 0; x < width; x++) if (rand() < rate) map[y * width + x] = Math.floor(rand() * k);
    };
    for (let t = 0; t < 16; t++) {
      const width = 4 * (16 + Math.floor(rand() * 40)); // 64..220, a multiple of 4
      const height = 30 + Math.floor(rand() * 60);
      const k = t % 4 === 3 ? 2 : 9;
      const gt = blobs(width, height, k, 2 + Math.floor(rand() * 4), rand);
      const pred = perturb(gt, width, height, k, rand, 3, 0);
      // Noise in bands of rows: in the prediction, or (every third image) in the truth.
      for (let b = 0; b < 3; b++) {
        const y0 = Math.floor(rand() * height);
        noiseIn(t % 3 === 2 ? gt : pred, width, height, k, 0.02 + rand() * 0.2, [y0, y0 + 1 + Math.floor(rand() * 12)]);
      }
      // Stripes: a band of columns alternating two labels every pixel or every other pixel, so
      // words repeat while not uniform; shifted by one pixel in the other map on some rows.
      const y0 = Math.floor(rand() * height);
      const period = 1 + Math.floor(rand() * 2);
      for (let y = y0; y < Math.min(height, y0 + 8); y++) {
        for (let x = 0; x < width; x++) {
          gt[y * width + x] = 1 + (Math.floor(x / period) % 2) * (k - 2);
          pred[y * width + x] = 1 + (Math.floor((x + (y % 3 === 0 ? 1 : 0)) / period) % 2) * (k - 2);
        }
      }
      if (t % 2 === 1) {
        // Void: a band of rows and a speckle.
        const v0 = Math.floor(rand() * height);
        for (let y = v0; y < Math.min(height, v0 + 4); y++) for (let x = 0; x < width; x++) gt[y * width + x] = 255;
        for (let i = 0; i < gt.length; i++) if (rand() < 0.02) gt[i] = 255;
      }
      const pair = { name: '', gt, pred, width, height };
      for (const boundary of ['bfscore', 'davis'] as const) {
        const tolerance = t % 4 === 0 ? 2.5 : undefined;
        const got = jsImageStats({ ...unnamed(pair), numClasses: k, ignoreIndex: 255, tolerance, boundary });
        const want = referenceStats(pair, k, 255, tolerance, boundary);
        expect(Array.from(got.confusion), `${boundary} ${width}×${height} K=${k} confusion`).toEqual(want.confusion);
        expect(got.boundary, `${boundary} ${width}×${height} K=${k}`).toEqual(want.boundary);
      }
    }
  });

  it('reports the first invalid label as SegmentationMetrics does, wherever the one pass meets it', () => {
    // The typed-array engine checks labels in the pass that counts them: a bad byte inside a
    // run, at a row start, or in a truth word that also holds ignored pixels must still be found.
    const width = 64;
    const height = 12;
    const base = new Uint8Array(width * height);
    for (const [map, at, value, message] of [
      ['pred', 5 * width + 17, 9, 'pred has label 9 at pixel (x 17, y 5), but numClasses is 9 (labels 0..8)'],
      ['pred', 11 * width, 200, 'pred has label 200 at pixel (x 0, y 11)'],
      ['gt', 3 * width + 63, 12, 'gt has label 12 at pixel (x 63, y 3), which is neither a class 0..8 nor the ignore index 255'],
      ['gt', 7 * width + 2, 254, 'gt has label 254 at pixel (x 2, y 7)'],
    ] as const) {
      const gt = base.slice();
      const pred = base.slice();
      gt.fill(255, 7 * width, 7 * width + 4); // ignored pixels in the same word as a bad one
      (map === 'gt' ? gt : pred)[at] = value;
      for (const boundary of ['bfscore', 'davis'] as const) {
        expect(() => jsImageStats({ gt, pred, width, height, numClasses: 9, ignoreIndex: 255, boundary })).toThrow(MetricsError);
        expect(() => jsImageStats({ gt, pred, width, height, numClasses: 9, ignoreIndex: 255, boundary })).toThrow(message);
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

/** A fixture pair as the engine takes it: without its name (it refuses a key it does not know). */
function unnamed<T extends { name: string }>(pair: T): Omit<T, 'name'> {
  const { name: _name, ...rest } = pair;
  return rest;
}
