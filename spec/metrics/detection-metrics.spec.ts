import { describe, expect, it } from 'vitest';
import { DetectionMetrics } from '../../src/metrics/detection-metrics.js';
import { MetricsError } from '../../src/metrics/metrics-error.js';

describe('DetectionMetrics', () => {
  it('computes accuracy at the threshold (score > threshold is positive) and AP', () => {
    const d = new DetectionMetrics();
    d.update({ scores: [0.1, 0.4, 0.35, 0.8, 0.5], labels: [0, 0, 1, 1, 0] });
    const r = d.compute();
    // 0.5 is not > 0.5 → predicted negative, correct; 0.35 → negative, wrong; 0.8 → positive.
    expect(r).toMatchObject({ images: 5, positives: 2, truePositives: 1, falseNegatives: 1, trueNegatives: 3, falsePositives: 0, threshold: 0.5 });
    expect(r.accuracy).toBe(4 / 5);
    // ranking .8(1) .5(0) .4(0) .35(1) .1(0): .5·1 + .5·(2/4)
    expect(r.ap).toBeCloseTo(0.5 + 0.25, 15);
    const strict = new DetectionMetrics({ threshold: 0.3 });
    strict.update({ scores: [0.1, 0.4, 0.35, 0.8, 0.5], labels: [0, 0, 1, 1, 0] });
    expect(strict.compute().accuracy).toBe(3 / 5);
  });

  it('merges and round-trips through JSON exactly, in any split', () => {
    const scores = [0.9, 0.1, 0.7, 0.7, 0.3, 0.6, 0.2];
    const labels = [1, 0, 1, 0, 0, 1, 1];
    const whole = new DetectionMetrics();
    whole.update({ scores, labels });
    const a = new DetectionMetrics();
    const b = new DetectionMetrics();
    scores.forEach((s, i) => (i % 2 ? a : b).update({ scores: s, labels: labels[i] === 1 }));
    const merged = DetectionMetrics.fromJSON(JSON.stringify(a)).merge(DetectionMetrics.fromJSON(b.toJSON()));
    expect(merged.compute()).toEqual(whole.compute());
  });

  it('rejects NaN scores, bad labels, mismatched merges and malformed JSON', () => {
    const d = new DetectionMetrics();
    expect(() => d.update({ scores: Number.NaN, labels: 1 })).toThrow(/score 0 is NaN/);
    expect(() => d.update({ scores: [0.2], labels: [3] })).toThrow(MetricsError);
    expect(() => d.update({ scores: [0.2, 0.3], labels: [1] })).toThrow(/2 scores but 1 labels/);
    expect(() => d.merge(new DetectionMetrics({ threshold: 0.7 }))).toThrow(/thresholds 0.7 and 0.5/);
    expect(() => DetectionMetrics.fromJSON({ type: 'diffseg30k.DetectionMetrics', version: 1, threshold: 0.5, scores: [0.1, Number.NaN], labels: [0, 1] })).toThrow(/fromJSON: DetectionMetrics.update: score 1 is NaN/);
    expect(() => DetectionMetrics.fromJSON('nope')).toThrow(/not JSON/);
    expect(d.compute().images).toBe(0);
    expect(() => new DetectionMetrics({ threshold: Number.NaN })).toThrow(/threshold must be a finite number/);
  });
});
