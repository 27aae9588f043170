import { describe, expect, it } from 'vitest';
import { ArgumentError, MetricsError } from '../../src/index.js';
import { DetectionMetrics } from '../../src/metrics/detection-metrics.js';
import { type EvaluationItem, evaluatePredictions } from '../../src/metrics/evaluate-predictions.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { toBinaryLabels } from '../../src/metrics/to-binary-labels.js';
import { loadSplit } from '../../src/stream/load-split.js';

/** The bundled validation split with a deterministic imperfect prediction per image. */
async function items(): Promise<EvaluationItem[]> {
  const out: EvaluationItem[] = [];
  let i = 0;
  for await (const s of loadSplit('validation', { source: 'samples' })) {
    const gt = await s.labelMap();
    const pred = new Uint8Array(gt.length);
    for (let p = 0; p < gt.length; p++) pred[p] = gt[Math.max(0, p - (i % 3))] === 255 ? 0 : gt[Math.max(0, p - (i % 3))];
    out.push({ record: s, gt, pred, score: (i * 7) % 10 / 10 });
    i++;
  }
  return out;
}

describe('evaluatePredictions', () => {
  it('equals accumulators fed by hand, overall and per group, with and without workers', async () => {
    const all = await items();
    const report = await evaluatePredictions({ items: all, by: ['num_turns', 'generator'], detection: true });
    const semantic = new SegmentationMetrics({ numClasses: 9 });
    const binary = new SegmentationMetrics({ numClasses: 2 });
    const detection = new DetectionMetrics();
    for (const { record, gt, pred, score } of all) {
      semantic.update({ gt, pred, width: record.width, height: record.height });
      binary.update({ gt: toBinaryLabels(gt), pred: toBinaryLabels(pred), width: record.width, height: record.height });
      detection.update({ scores: score!, labels: record.num_turns! > 0 });
    }
    expect(report.images).toBe(all.length);
    expect(report.overall.semantic).toMatchObject(semantic.compute());
    expect(report.overall.binary).toMatchObject(binary.compute());
    expect(report.overall.detection).toEqual(detection.compute());
    for (const [name, group] of Object.entries(report.groups.num_turns!)) {
      const members = all.filter((it) => String(it.record.num_turns) === name);
      const m = new SegmentationMetrics({ numClasses: 9 });
      for (const { record, gt, pred } of members) m.update({ gt, pred, width: record.width, height: record.height });
      expect(group.images).toBe(members.length);
      expect(group.semantic).toMatchObject(m.compute());
    }
    // An image edited by two generators counts in both groups; unedited ones are 'none'.
    const generatorImages = Object.values(report.groups.generator!).reduce((n, g) => n + g.images, 0);
    expect(generatorImages).toBeGreaterThan(all.length);
    expect(report.groups.generator!.none.images).toBe(all.filter((it) => it.record.num_turns === 0).length);

    const pooled = await evaluatePredictions({ items: all, by: ['num_turns', 'generator'], detection: true, workers: 2 });
    expect(pooled).toEqual(report);
  });

  it('names the image for a bad prediction or a missing score, and refuses bad options', async () => {
    const [first, second] = await items();
    const bad = { ...second, pred: second.pred.slice(0, 10) };
    await expect(evaluatePredictions({ items: [first, bad] })).rejects.toThrow(`image ${second.record.id}: pred has 10 pixels`);
    await expect(evaluatePredictions({ items: [first, bad], workers: 1 })).rejects.toThrow(MetricsError);
    await expect(evaluatePredictions({ items: [{ ...first, score: undefined }], detection: true })).rejects.toThrow(`image ${first.record.id}: no detection score`);
    await expect(evaluatePredictions({ items: [] })).rejects.toThrow(/no images to evaluate/);
    await expect(evaluatePredictions({ items: [first], by: ['colour' as never] })).rejects.toThrow(ArgumentError);
    await expect(evaluatePredictions({ items: [first], tasks: [] })).rejects.toThrow(/no task/);
  });
});
