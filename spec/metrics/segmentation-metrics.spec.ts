import { describe, expect, it } from 'vitest';
import { DiffsegError } from '../../src/errors.js';
import type { BoundaryConvention } from '../../src/metrics/image-stats.js';
import { MetricsError } from '../../src/metrics/metrics-error.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { cases, referenceStats } from './metrics-fixtures.js';

/**
 * Scores computed from the reference counts with the documented formulas, written independently.
 * Per-image F1 as MATLAB bfscore, or as DAVIS f_measure: P = 1 when the predicted boundary is
 * empty, R = 1 when the true one is, F = 2PR / (P + R) or 0.
 */
function referenceScores(k: number, pairs: ReturnType<typeof cases>, tolerance?: number, boundary: BoundaryConvention = 'bfscore') {
  const C = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const f1s: number[][] = Array.from({ length: k }, () => []);
  for (const pair of pairs) {
    const ref = referenceStats(pair, k, 255, tolerance, boundary);
    ref.confusion.forEach((v, i) => (C[Math.floor(i / k)][i % k] += v));
    ref.boundary.forEach((b, c) => {
      if (!b) return;
      if (boundary === 'davis') {
        const P = b.predBoundary === 0 ? 1 : b.predMatched / b.predBoundary;
        const R = b.gtBoundary === 0 ? 1 : b.gtMatched / b.gtBoundary;
        f1s[c].push(P + R === 0 ? 0 : (2 * P * R) / (P + R));
        return;
      }
      const P = b.predBoundary ? b.predMatched / b.predBoundary : 0;
      const R = b.gtBoundary ? b.gtMatched / b.gtBoundary : 0;
      f1s[c].push(b.predBoundary && b.gtBoundary && P + R > 0 ? (2 * P * R) / (P + R) : 0);
    });
  }
  const row = (i: number) => C[i].reduce((a, b) => a + b, 0);
  const col = (i: number) => C.reduce((a, r) => a + r[i], 0);
  const total = C.flat().reduce((a, b) => a + b, 0);
  const iou = C.map((_, i) => (row(i) + col(i) - C[i][i] === 0 ? null : C[i][i] / (row(i) + col(i) - C[i][i])));
  const avg = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  const bf1PerClass = f1s.map((xs, c) => (c === 0 || xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length));
  return {
    C,
    total,
    accuracy: total ? C.reduce((a, r, i) => a + r[i], 0) / total : null,
    iou,
    miou: avg(iou.slice(1)),
    miouWithBackground: avg(iou),
    meanAccuracy: avg(C.map((r, i) => (row(i) ? r[i] / row(i) : null))),
    freqWeightedAccuracy: total ? C.reduce((a, _, i) => a + (row(i) ? (row(i) / total) * (iou[i] as number) : 0), 0) : null,
    bf1PerClass,
    bf1: avg(bf1PerClass.slice(1)),
  };
}

function expectClose(got: number | null, want: number | null, what: string) {
  if (want === null) expect(got, what).toBeNull();
  else expect(got, what).toBeCloseTo(want, 12);
}

describe('SegmentationMetrics', () => {
  for (const [k, boundary] of [[2, 'bfscore'], [9, 'bfscore'], [2, 'davis'], [9, 'davis']] as const) {
    it(`${boundary}, K=${k}: every score equals the definitions computed from the brute-force reference`, () => {
      const pairs = cases(k, 10 + k);
      const metrics = new SegmentationMetrics({ numClasses: k, boundary });
      for (const p of pairs) expect(metrics.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height })).toBeUndefined();
      const got = metrics.compute();
      const want = referenceScores(k, pairs, undefined, boundary);
      expect(got.confusion).toEqual(want.C);
      expect(got.pixels).toBe(want.total);
      expect(got.images).toBe(pairs.length);
      expectClose(got.accuracy, want.accuracy, 'accuracy');
      expectClose(got.miou, want.miou, 'miou');
      expectClose(got.bf1, want.bf1, 'bf1');
      expectClose(got.miouWithBackground, want.miouWithBackground, 'miouWithBackground');
      expectClose(got.meanAccuracy, want.meanAccuracy, 'meanAccuracy');
      expectClose(got.freqWeightedAccuracy, want.freqWeightedAccuracy, 'freqWeightedAccuracy');
      got.iou.forEach((v, i) => expectClose(v, want.iou[i], `iou[${i}]`));
      got.bf1PerClass.forEach((v, i) => expectClose(v, want.bf1PerClass[i], `bf1PerClass[${i}]`));
      expect(got.bf1PerClass[0]).toBeNull();
    });
  }

  it('uses a fixed boundaryTolerance when given, under either convention', () => {
    const pairs = cases(9, 3).slice(0, 4);
    for (const boundary of ['bfscore', 'davis'] as const) {
      const metrics = new SegmentationMetrics({ numClasses: 9, boundary, boundaryTolerance: 1.5 });
      for (const p of pairs) metrics.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
      expectClose(metrics.compute().bf1, referenceScores(9, pairs, 1.5, boundary).bf1, `${boundary} bf1`);
    }
  });

  it('scores a class with no boundary in either map 1 under DAVIS, and one empty boundary 0', () => {
    // A class over the whole image has no seg2bmap boundary (the border is none): f_measure's
    // "both empty" case, P = R = 1. Under bfscore its border is its boundary and matches.
    const full = new Uint8Array(6 * 4).fill(1);
    const corner = full.slice();
    corner[23] = 0; // the prediction misses the bottom-right pixel: it now has a boundary
    for (const [boundary, whole, missing] of [['davis', 1, 0], ['bfscore', 1, null]] as const) {
      const a = new SegmentationMetrics({ numClasses: 2, boundary });
      a.update({ gt: full, pred: full, width: 6, height: 4 });
      expect(a.compute().bf1PerClass[1], `${boundary}: same full map`).toBe(whole);
      const b = new SegmentationMetrics({ numClasses: 2, boundary });
      b.update({ gt: full, pred: corner, width: 6, height: 4 });
      if (missing === null) expect(b.compute().bf1PerClass[1]).toBeGreaterThan(0.8);
      else expect(b.compute().bf1PerClass[1], `${boundary}: truth without boundary, prediction with`).toBe(missing);
    }
  });

  it('scores a hand-computed 3×2 example', () => {
    // gt  = 1 1 0 / 1 255 0 ; pred = 1 0 0 / 1 1 1   (K = 2)
    const m = new SegmentationMetrics({ numClasses: 2, boundaryTolerance: 1 });
    m.update({ gt: Uint8Array.of(1, 1, 0, 1, 255, 0), pred: Uint8Array.of(1, 0, 0, 1, 1, 1), width: 3, height: 2 });
    const r = m.compute();
    expect(r.confusion).toEqual([[1, 1], [1, 2]]); // truth 0: (0,2)->0 ,(1,2)->1 ; truth 1: ->1,->0,->1
    expect(r.pixels).toBe(5);
    expect(r.accuracy).toBeCloseTo(3 / 5, 15);
    expect(r.iou[0]).toBeCloseTo(1 / 3, 15);
    expect(r.iou[1]).toBeCloseTo(2 / 4, 15);
    expect(r.miou).toBeCloseTo(0.5, 15);
    // Every pixel of both class-1 masks touches the border → all are boundary; θ = 1 means exact
    // coincidence: gt {(0,0),(1,0),(0,1)}, pred {(0,0),(0,1),(1,1),(2,1)} share 2 → P = 2/4, R = 2/3.
    expect(r.bf1PerClass[1]).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 15);
  });

  it('has null scores and zero counts before any image', () => {
    const r = new SegmentationMetrics({ numClasses: 9 }).compute();
    expect(r).toMatchObject({ accuracy: null, miou: null, bf1: null, meanAccuracy: null, freqWeightedAccuracy: null, pixels: 0, images: 0 });
    expect(r.iou).toEqual(new Array(9).fill(null));
  });

  it('merge and toJSON/fromJSON give exactly what one accumulator gives, in any split and order', () => {
    const pairs = cases(9, 5);
    const whole = new SegmentationMetrics({ numClasses: 9 });
    for (const p of pairs) whole.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    const parts = [0, 1, 2].map(() => new SegmentationMetrics({ numClasses: 9 }));
    pairs.forEach((p, i) => parts[(i * 7) % 3].update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height }));
    const merged = SegmentationMetrics.fromJSON(JSON.stringify(parts[2].toJSON()));
    merged.merge(SegmentationMetrics.fromJSON(parts[0].toJSON())).merge(parts[1]);
    expect(merged.toJSON()).toEqual(whole.toJSON());
    expect(merged.compute()).toEqual(whole.compute());
    const roundTrip = SegmentationMetrics.fromJSON(JSON.parse(JSON.stringify(whole)));
    expect(roundTrip.compute()).toEqual(whole.compute());
  });

  it('reads version 1 state (before conventions) as bfscore, and round-trips the convention', () => {
    const pairs = cases(9, 6).slice(0, 5);
    const metrics = new SegmentationMetrics({ numClasses: 9 });
    for (const p of pairs) metrics.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    const { boundary, ...rest } = metrics.toJSON();
    expect(boundary).toBe('bfscore');
    const v1 = SegmentationMetrics.fromJSON({ ...rest, version: 1 } as never);
    expect(v1.boundary).toBe('bfscore');
    expect(v1.toJSON()).toEqual(metrics.toJSON());
    const davis = new SegmentationMetrics({ numClasses: 9, boundary: 'davis', boundaryTolerance: 4 });
    for (const p of pairs) davis.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    const restored = SegmentationMetrics.fromJSON(JSON.stringify(davis));
    expect(restored.boundary).toBe('davis');
    expect(restored.boundaryTolerance).toBe(4);
    expect(restored.compute()).toEqual(davis.compute());
    // A sum of exactly one F1 per image (every image perfect) is the largest possible and valid.
    const perfect = new SegmentationMetrics({ numClasses: 2 });
    for (const p of pairs) perfect.update({ gt: p.gt.map((v) => (v ? 1 : 0)), pred: p.gt.map((v) => (v ? 1 : 0)), width: p.width, height: p.height });
    expect(SegmentationMetrics.fromJSON(perfect.toJSON()).compute().bf1).toBe(1);
  });

  it('per-class bF1 is independent of the order images arrive in (exact sums)', () => {
    const pairs = cases(9, 8);
    const forward = new SegmentationMetrics({ numClasses: 9 });
    const backward = new SegmentationMetrics({ numClasses: 9 });
    for (const p of pairs) forward.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    for (const p of [...pairs].reverse()) backward.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    expect(backward.compute().bf1PerClass).toEqual(forward.compute().bf1PerClass);
  });

  describe('bad input', () => {
    const m = () => new SegmentationMetrics({ numClasses: 9 });
    /** A well-formed 9-class state with some fields set to values no images could produce. */
    const impossible = (set: { images: number; bf1Images?: Record<number, number>; bf1Sum?: Record<number, string>; confusion?: number; confusion2?: number }) => {
      const json = m().toJSON();
      json.images = set.images;
      for (const [c, n] of Object.entries(set.bf1Images ?? {})) json.bf1Images[Number(c)] = n;
      for (const [c, hex] of Object.entries(set.bf1Sum ?? {})) json.bf1Sum[Number(c)] = hex;
      if (set.confusion !== undefined) json.confusion[1][1] = set.confusion;
      if (set.confusion2 !== undefined) json.confusion[2][2] = set.confusion2;
      return json;
    };
    const gt = new Uint8Array(6);
    const cases: [string, () => unknown, RegExp][] = [
      ['gt of the wrong length', () => m().update({ gt: new Uint8Array(5), pred: gt, width: 3, height: 2 }), /gt has 5 pixels but 3×2 needs 6/],
      ['pred of the wrong length', () => m().update({ gt, pred: new Uint8Array(7), width: 3, height: 2 }), /pred has 7 pixels but 3×2 needs 6/],
      ['sizes that are not positive integers', () => m().update({ gt, pred: gt, width: 0, height: 6 }), /width and height must be positive integers, got 0×6/],
      ['fractional size', () => m().update({ gt, pred: gt, width: 1.5, height: 4 }), /positive integers, got 1.5×4/],
      ['a prediction label ≥ numClasses', () => m().update({ gt, pred: Uint8Array.of(0, 0, 0, 0, 9, 0), width: 3, height: 2 }), /pred has label 9 at pixel \(x 1, y 1\), but numClasses is 9/],
      ['a prediction of 255', () => m().update({ gt, pred: Uint8Array.of(255, 0, 0, 0, 0, 0), width: 3, height: 2 }), /pred has label 255 at pixel \(x 0, y 0\)/],
      ['a truth label that is neither class nor ignore', () => m().update({ gt: Uint8Array.of(0, 0, 12, 0, 0, 0), pred: gt, width: 3, height: 2 }), /gt has label 12 at pixel \(x 2, y 0\)/],
      ['a non-Uint8Array buffer', () => m().update({ gt: [0, 0] as unknown as Uint8Array, pred: gt, width: 1, height: 2 }), /gt must be a Uint8Array/],
      ['merging different settings', () => m().merge(new SegmentationMetrics({ numClasses: 2 })), /different settings \(numClasses 2 vs 9/],
      ['merging different conventions', () => m().merge(new SegmentationMetrics({ numClasses: 9, boundary: 'davis' })), /boundary davis vs bfscore/],
      ['fromJSON of a wrong shape', () => SegmentationMetrics.fromJSON({ ...m().toJSON(), confusion: [[1]] }), /confusion must be a 9×9 array/],
      ['fromJSON with a bad sum', () => SegmentationMetrics.fromJSON({ ...m().toJSON(), bf1Sum: new Array(9).fill('zz') }), /bf1Sum\[0\] must be a hexadecimal string/],
      ['fromJSON of non-JSON text', () => SegmentationMetrics.fromJSON('{'), /not JSON/],
      ['fromJSON of another type', () => SegmentationMetrics.fromJSON({ type: 'x' } as never), /type\/version/],
      ['fromJSON of an unknown convention', () => SegmentationMetrics.fromJSON({ ...m().toJSON(), boundary: 'matlab' as never }), /boundary must be 'bfscore' or 'davis', got "matlab"/],
      // Impossible states: each would make a score infinite, above 1, or not a count.
      ['fromJSON whose F1 sum makes bf1 infinite', () => SegmentationMetrics.fromJSON(impossible({ images: 1, bf1Images: { 1: 1 }, bf1Sum: { 1: 'f'.repeat(300) } })), /bf1Sum\[1\] is Infinity, more than its 1 images could sum to/],
      ['fromJSON whose F1 sum exceeds its image count', () => SegmentationMetrics.fromJSON(impossible({ images: 3, bf1Images: { 2: 2 }, bf1Sum: { 2: (3n << 1074n).toString(16) } })), /bf1Sum\[2\] is 3, more than its 2 images could sum to/],
      ['fromJSON with an F1 sum but no scored image', () => SegmentationMetrics.fromJSON(impossible({ images: 3, bf1Sum: { 4: '1' } })), /bf1Sum\[4\] must be 0 when bf1Images\[4\] is 0/],
      ['fromJSON scoring a class in more images than added', () => SegmentationMetrics.fromJSON(impossible({ images: 2, bf1Images: { 3: 5 } })), /bf1Images\[3\] is 5, more than the 2 images added/],
      ['fromJSON scoring the background', () => SegmentationMetrics.fromJSON(impossible({ images: 2, bf1Images: { 0: 1 } })), /bf1Images\[0\]\/bf1Sum\[0\] must be 0/],
      ['fromJSON counting pixels of no image', () => SegmentationMetrics.fromJSON(impossible({ images: 0, confusion: 7 })), /confusion counts 7 pixels but images is 0/],
      ['fromJSON counting more pixels than 2^53', () => SegmentationMetrics.fromJSON(impossible({ images: 1, confusion: Number.MAX_SAFE_INTEGER, confusion2: 5 })), /more than can be counted exactly/],
    ];
    for (const [what, call, message] of cases) {
      it(`rejects ${what} with a MetricsError naming it`, () => {
        let error: unknown;
        try {
          call();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(MetricsError);
        expect((error as DiffsegError).code).toBe('METRICS_INVALID');
        expect((error as Error).message).toMatch(message);
      });
    }

    it('rejects impossible options with an ArgumentError', () => {
      expect(() => new SegmentationMetrics({ numClasses: 0 })).toThrow(/numClasses must be an integer 1..255/);
      expect(() => new SegmentationMetrics({ numClasses: 9, ignoreIndex: 3 })).toThrow(/ignoreIndex must be an integer outside 0..8/);
      expect(() => new SegmentationMetrics({ numClasses: 9, boundaryTolerance: Number.NaN })).toThrow(/boundaryTolerance must be/);
      expect(() => new SegmentationMetrics({ numClasses: 9, engine: 'gpu' as never })).toThrow(/engine must be 'js' or 'tfjs'/);
      expect(() => new SegmentationMetrics({ numClasses: 9, boundary: 'matlab' as never })).toThrow(/boundary must be 'bfscore' or 'davis', got 'matlab'/);
      expect(() => new SegmentationMetrics(null as never)).toThrow(/takes one params object/);
      try {
        new SegmentationMetrics({ numClasses: 300 });
      } catch (e) {
        expect((e as DiffsegError).code).toBe('INVALID_ARGUMENT');
      }
    });

    it('finds a bad label wherever it is: next to ignored pixels, in the tail, in unaligned views', () => {
      const width = 7;
      const height = 3;
      for (let at = 0; at < width * height; at++) {
        const gt = new Uint8Array(width * height).fill(255, 0, 12);
        const pred = new Uint8Array(width * height);
        const badGt = gt.slice();
        badGt[at] = 77;
        expect(() => m().update({ gt: badGt, pred, width, height })).toThrow(`gt has label 77 at pixel (x ${at % width}, y ${Math.floor(at / width)})`);
        const badPred = pred.slice();
        badPred[at] = 9;
        const backing = new Uint8Array(width * height + 1);
        backing.set(badPred, 1);
        expect(() => m().update({ gt, pred: backing.subarray(1), width, height })).toThrow(`pred has label 9 at pixel (x ${at % width}, y ${Math.floor(at / width)})`);
      }
    });

    it('leaves the accumulator untouched after a rejected update', () => {
      const metrics = m();
      expect(() => metrics.update({ gt, pred: Uint8Array.of(0, 0, 0, 0, 0, 30), width: 3, height: 2 })).toThrow(MetricsError);
      expect(metrics.compute().images).toBe(0);
    });
  });
});
