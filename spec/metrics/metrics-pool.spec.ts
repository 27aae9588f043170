import { describe, expect, it } from 'vitest';
import { MetricsError } from '../../src/metrics/metrics-error.js';
import { MetricsPool } from '../../src/metrics/metrics-pool.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { toBinaryLabels } from '../../src/metrics/to-binary-labels.js';
import { cases } from './metrics-fixtures.js';

describe('MetricsPool', () => {
  it('gives exactly the single-thread result for every key, with 1 and 3 workers', async () => {
    const pairs = [...cases(9, 31), ...cases(9, 32)];
    const single = {
      semantic: new SegmentationMetrics({ numClasses: 9 }),
      binary: new SegmentationMetrics({ numClasses: 2 }),
      odd: new SegmentationMetrics({ numClasses: 9 }),
      davis: new SegmentationMetrics({ numClasses: 9, boundary: 'davis' }),
    };
    pairs.forEach((p, i) => {
      single.semantic.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
      single.davis.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
      single.binary.update({ gt: toBinaryLabels(p.gt), pred: toBinaryLabels(p.pred), width: p.width, height: p.height });
      if (i % 2) single.odd.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    });
    for (const workers of [1, 3]) {
      const pool = new MetricsPool({ workers });
      await Promise.all(
        pairs.flatMap((p, i) => [
          pool.update({ keys: i % 2 ? ['semantic', 'odd'] : ['semantic'], options: { numClasses: 9 }, gt: p.gt, pred: p.pred, width: p.width, height: p.height }),
          pool.update({ keys: ['binary'], options: { numClasses: 2 }, gt: toBinaryLabels(p.gt), pred: toBinaryLabels(p.pred), width: p.width, height: p.height }),
          pool.update({ keys: ['davis'], options: { numClasses: 9, boundary: 'davis' }, gt: p.gt, pred: p.pred, width: p.width, height: p.height }),
        ]),
      );
      const merged = await pool.close();
      expect([...merged.keys()].sort()).toEqual(['binary', 'davis', 'odd', 'semantic']);
      expect(merged.get('davis')!.boundary).toBe('davis');
      for (const key of ['semantic', 'binary', 'odd', 'davis'] as const) expect(merged.get(key)!.toJSON(), `${key} with ${workers} workers`).toEqual(single[key].toJSON());
    }
  });

  it('transfer: hands whole-buffer maps over (same result, arrays emptied) and copies views into larger buffers', async () => {
    const pairs = cases(9, 33).slice(0, 12);
    const single = new SegmentationMetrics({ numClasses: 9 });
    for (const p of pairs) single.update({ gt: p.gt, pred: p.pred, width: p.width, height: p.height });
    const pool = new MetricsPool({ workers: 2 });
    const handed: Uint8Array[] = [];
    const backing: Uint8Array[] = [];
    await Promise.all(
      pairs.map((p, i) => {
        let gt = p.gt.slice();
        if (i % 2 === 1) {
          // A view into a larger buffer: the pool must not take the rest of it.
          const big = new Uint8Array(p.gt.length + 16).fill(77);
          big.set(p.gt, 8);
          backing.push(big);
          gt = big.subarray(8, 8 + p.gt.length);
        }
        const pred = p.pred.slice();
        handed.push(pred);
        const pending = pool.update({ keys: ['k'], options: { numClasses: 9 }, gt, pred, width: p.width, height: p.height, transfer: true });
        expect(pred.length, 'a whole-buffer array is handed over').toBe(0);
        if (i % 2 === 1) expect(gt.length, 'a view is copied, not taken').toBe(p.gt.length);
        return pending;
      }),
    );
    expect(handed.every((a) => a.byteLength === 0)).toBe(true);
    expect(backing.every((b) => b.length > 0 && b[0] === 77 && b[b.length - 1] === 77)).toBe(true);
    expect((await pool.close()).get('k')!.toJSON()).toEqual(single.toJSON());
  });

  it('rejects an invalid image with a MetricsError naming it, and keeps counting the others', async () => {
    const pool = new MetricsPool({ workers: 2 });
    const gt = new Uint8Array(6);
    const bad = pool.update({ keys: ['k'], options: { numClasses: 9 }, gt, pred: Uint8Array.of(0, 0, 0, 0, 0, 12), width: 3, height: 2, label: 'img-7' });
    await expect(bad).rejects.toThrow(MetricsError);
    await expect(bad).rejects.toThrow(/image img-7: pred has label 12 at pixel \(x 2, y 1\)/);
    await pool.update({ keys: ['k'], options: { numClasses: 9 }, gt, pred: gt, width: 3, height: 2 });
    await expect(pool.update({ keys: ['k'], options: { numClasses: 2 }, gt, pred: gt, width: 3, height: 2 })).rejects.toThrow(/accumulator 'k' was created with other options/);
    await expect(pool.update({ keys: ['k'], options: { numClasses: 9, boundary: 'davis' }, gt, pred: gt, width: 3, height: 2 })).rejects.toThrow(/accumulator 'k' was created with other options/);
    const merged = await pool.close();
    expect(merged.get('k')!.compute().images).toBe(1);
    await expect(pool.update({ keys: ['k'], options: { numClasses: 9 }, gt, pred: gt, width: 3, height: 2 })).rejects.toThrow(/closed/);
  });
});
