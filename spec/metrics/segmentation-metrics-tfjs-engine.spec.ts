import { describe, expect, it } from 'vitest';
import { MetricsError } from '../../src/metrics/metrics-error.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { cases } from './metrics-fixtures.js';

// SegmentationMetrics' side of the tfjs engine: the lazy load, the promise-returning update,
// validation before the engine, and identical results to the typed-array engine (the engine's
// own exactness on every backend is specified in spec/metrics/tfjs).
describe("SegmentationMetrics with engine: 'tfjs' (cpu backend)", () => {
  it('returns promises and accumulates exactly what the js engine accumulates', async () => {
    const pairs = cases(9, 21).slice(0, 8);
    const js = new SegmentationMetrics({ numClasses: 9 });
    const tfjs = new SegmentationMetrics({ numClasses: 9, engine: 'tfjs' });
    for (const p of pairs) {
      js.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
      const pending = tfjs.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
      expect(pending).toBeInstanceOf(Promise);
      await pending;
    }
    expect(tfjs.toJSON()).toEqual(js.toJSON());
  });

  it('refuses to compute while an update is still running, and validates before the engine runs', async () => {
    const tfjs = new SegmentationMetrics({ numClasses: 2, engine: 'tfjs' });
    const gt = Uint8Array.of(0, 1, 1, 0);
    const pending = tfjs.update({ gt, pred: gt, width: 2, height: 2 });
    expect(() => tfjs.compute()).toThrow(/1 tfjs update\(s\) still running/);
    await pending;
    expect(tfjs.compute().images).toBe(1);
    expect(() => tfjs.update({ gt, pred: Uint8Array.of(0, 2, 0, 0), width: 2, height: 2 })).toThrow(MetricsError);
  });
});
