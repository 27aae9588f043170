import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../src/metrics/average-precision.js';
import { precisionRecallCurve } from '../../src/report/precision-recall-curve.js';
import { mulberry32 } from '../fixtures/mulberry32.js';

/** Σ (R_k − R_{k−1}) P_k: the average precision of a curve's points. */
const area = (points: { recall: number; precision: number }[]) => {
  const sorted = [...points].sort((a, b) => a.recall - b.recall);
  let sum = 0;
  for (let k = 1; k < sorted.length; k++) sum += (sorted[k].recall - sorted[k - 1].recall) * sorted[k].precision;
  return sum;
};

describe('precisionRecallCurve', () => {
  it("matches scikit-learn's curve on its documented example", () => {
    // sklearn.metrics.precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) has the points
    // (threshold 0.8: P 1, R 0.5), (0.4: P 0.5, R 0.5), (0.35: P 2/3, R 1) and the end point
    // (P 1, R 0); the curve stops at the first full recall (thresholds below it add no area).
    const points = precisionRecallCurve({ scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true] });
    expect(points.map((p) => [p.threshold, p.precision, p.recall])).toEqual([
      [0.8, 1, 0.5],
      [0.4, 0.5, 0.5],
      [0.35, 2 / 3, 1],
      [Number.POSITIVE_INFINITY, 1, 0],
    ]);
    expect(area(points)).toBeCloseTo(averagePrecision({ scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1] })!, 12);
  });

  it('integrates to averagePrecision on random scores with ties', () => {
    const random = mulberry32(11);
    for (let round = 0; round < 20; round++) {
      const n = 5 + Math.floor(random() * 200);
      const scores = Array.from({ length: n }, () => Math.round(random() * 20) / 20);
      const labels = scores.map((s) => random() < 0.3 + 0.5 * s);
      if (!labels.some(Boolean)) labels[0] = true;
      expect(area(precisionRecallCurve({ scores, labels }))).toBeCloseTo(averagePrecision({ scores, labels })!, 12);
    }
  });

  it('refuses mismatched lengths, a score that is not finite, and no positive', () => {
    expect(() => precisionRecallCurve({ scores: [1], labels: [] })).toThrow(/1 scores but 0 labels/);
    expect(() => precisionRecallCurve({ scores: [Number.NaN], labels: [true] })).toThrow(/score 0 is NaN/);
    expect(() => precisionRecallCurve({ scores: [0.3], labels: [false] })).toThrow(/no positive/);
  });
});
