import { describe, expect, it } from 'vitest';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { imageIou } from '../../src/report/image-iou.js';
import { loadSplit } from '../../src/stream/load-split.js';

describe('imageIou', () => {
  it("equals SegmentationMetrics' mIoU of the image alone, on the samples with imperfect predictions", async () => {
    let n = 0;
    for await (const s of loadSplit('validation', { source: 'samples', metadataOnly: true })) {
      const gt = await s.labelMap();
      const pred = gt.map((v, k) => (v === 255 ? 0 : n % 2 === 0 && v === 3 ? 6 : k % s.width < n ? 0 : v));
      const m = new SegmentationMetrics({ numClasses: 9 });
      m.update({ gt, pred, width: s.width, height: s.height });
      const expected = m.compute().miou;
      const got = imageIou({ gt, pred });
      if (expected === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(expected, 12);
      n++;
    }
    expect(n).toBeGreaterThan(10);
  });

  it('is null with no edit on either side, 0 for a false edit, and ignores 255', () => {
    expect(imageIou({ gt: Uint8Array.of(0, 0, 0), pred: Uint8Array.of(0, 0, 0) })).toBeNull();
    expect(imageIou({ gt: Uint8Array.of(0, 0, 0), pred: Uint8Array.of(0, 2, 0) })).toBe(0);
    // Class 1: 1 of 2 pixels (the 255 pixel predicted 1 does not count); class 2: 1 of 1.
    expect(imageIou({ gt: Uint8Array.of(1, 1, 255, 2), pred: Uint8Array.of(1, 0, 1, 2) })).toBe(0.75);
  });

  it('refuses maps of different sizes, naming both', () => {
    expect(() => imageIou({ gt: new Uint8Array(4), pred: new Uint8Array(3) })).toThrow(/3 pixels, the truth 4/);
  });
});
