import { describe, expect, it } from 'vitest';
import { MetricsError } from '../../src/metrics/metrics-error.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { cases } from './metrics-fixtures.js';

// SegmentationMetrics' side of the tfjs engine: the lazy load, the promise-returning update,
// validation before the engine, and identical results to the typed-array engine (the engine's
// own exactness on every backend is specified in spec/metrics/tfjs).
describe("SegmentationMetrics with engine: 'tfjs' (cpu backend)", () => {
  it('updateAsync accumulates exactly what the js engine accumulates (on either engine)', async () => {
    const pairs = cases(9, 21).slice(0, 8);
    const js = new SegmentationMetrics({ numClasses: 9 });
    const tfjs = new SegmentationMetrics({ numClasses: 9, engine: 'tfjs' });
    for (const p of pairs) {
      js.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
      await tfjs.updateAsync({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    }
    expect(tfjs.toJSON()).toEqual(js.toJSON());
    const jsAsync = new SegmentationMetrics({ numClasses: 9 });
    for (const p of pairs) await jsAsync.updateAsync({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    expect(jsAsync.toJSON()).toEqual(js.toJSON());
    // update() is synchronous: the tfjs engine refuses it rather than count later.
    expect(() => tfjs.update({ gt: pairs[0].gt, pred: pairs[0].pred, width: pairs[0].width, height: pairs[0].height })).toThrow(/with engine 'tfjs' call \(and await\) updateAsync/);
  });

  it('refuses to compute while an update is still running, and validates before the engine runs', async () => {
    const tfjs = new SegmentationMetrics({ numClasses: 2, engine: 'tfjs' });
    const gt = Uint8Array.of(0, 1, 1, 0);
    const pending = tfjs.updateAsync({ gt, pred: gt, width: 2, height: 2 });
    expect(() => tfjs.compute()).toThrow(/1 tfjs update\(s\) still running/);
    await pending;
    expect(tfjs.compute().images).toBe(1);
    await expect(tfjs.updateAsync({ gt, pred: Uint8Array.of(0, 2, 0, 0), width: 2, height: 2 })).rejects.toThrow(MetricsError);
    expect(tfjs.compute().images).toBe(1);
  });
});
