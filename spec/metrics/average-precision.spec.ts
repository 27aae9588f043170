import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../src/metrics/average-precision.js';
import { MetricsError } from '../../src/metrics/metrics-error.js';

describe('averagePrecision (sklearn average_precision_score)', () => {
  it('matches the sklearn docstring example', () => {
    // sklearn: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333…
    // thresholds 0.8: P=1 R=.5 ; 0.4: P=.5 R=.5 ; 0.35: P=2/3 R=1 → .5·1 + .5·(2/3)
    expect(averagePrecision({ scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1] })).toBeCloseTo(0.5 + 0.5 * (2 / 3), 15);
  });

  it('treats tied scores as one threshold', () => {
    // All tied: one threshold with P = 2/4, R = 1 → AP = 0.5 (not an order-dependent value).
    expect(averagePrecision({ scores: [0.5, 0.5, 0.5, 0.5], labels: [1, 0, 1, 0] })).toBe(0.5);
    expect(averagePrecision({ scores: [0.5, 0.5, 0.5, 0.5], labels: [0, 1, 0, 1] })).toBe(0.5);
    // scores .9 (1), .7 (1, 0 tied), .2 (0), .1 (1): points (R,P) = (1/3,1), (2/3,2/3), (2/3,1/2)→no step, (1,3/5)
    expect(averagePrecision({ scores: [0.9, 0.7, 0.7, 0.2, 0.1], labels: [1, 0, 1, 0, 1] })).toBeCloseTo((1 / 3) * 1 + (1 / 3) * (2 / 3) + (1 / 3) * (3 / 5), 15);
    // Permuting inputs never changes the value.
    expect(averagePrecision({ scores: [0.7, 0.1, 0.9, 0.2, 0.7], labels: [1, 1, 1, 0, 0] })).toBe(averagePrecision({ scores: [0.9, 0.7, 0.7, 0.2, 0.1], labels: [1, 0, 1, 0, 1] }));
  });

  it('is 1 for a perfect ranking and accepts booleans', () => {
    expect(averagePrecision({ scores: [0.9, 0.8, 0.3], labels: [true, true, false] })).toBe(1);
    expect(averagePrecision({ scores: [0.2, 0.8], labels: [0, 1] })).toBe(1);
  });

  it('is null without a positive label', () => {
    expect(averagePrecision({ scores: [0.2, 0.8], labels: [0, 0] })).toBeNull();
    expect(averagePrecision({ scores: [], labels: [] })).toBeNull();
  });

  it('rejects NaN scores, bad labels and different lengths with a MetricsError', () => {
    expect(() => averagePrecision({ scores: [0.1, Number.NaN], labels: [0, 1] })).toThrow(/score 1 is NaN/);
    expect(() => averagePrecision({ scores: [0.1, Infinity], labels: [0, 1] })).toThrow(MetricsError);
    expect(() => averagePrecision({ scores: [0.1, 0.2], labels: [0, 2] })).toThrow(/label 1 is 2/);
    expect(() => averagePrecision({ scores: [0.1], labels: [0, 1] })).toThrow(/1 scores but 2 labels/);
  });
});
