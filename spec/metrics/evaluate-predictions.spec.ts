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

  it("with generators, scores only those generators' masks: the others ignored in truth and prediction, mIoU and bF1 over the chosen classes", async () => {
    const all = await items();
    const SDXL = 3;
    const report = await evaluatePredictions({ items: all, generators: ['sdxl'], by: ['variant'] });
    expect(report.generators).toEqual(['sdxl']);
    // By hand: other generators' truth → 255, the prediction there → background.
    const semantic = new SegmentationMetrics({ numClasses: 9 });
    const binary = new SegmentationMetrics({ numClasses: 2 });
    for (const { record, gt, pred } of all) {
      const g = gt.map((v) => (v >= 1 && v <= 8 && v !== SDXL ? 255 : v));
      const p = pred.map((v, i) => (gt[i] >= 1 && gt[i] <= 8 && gt[i] !== SDXL ? 0 : v));
      semantic.update({ gt: g, pred: p, width: record.width, height: record.height });
      binary.update({ gt: toBinaryLabels(g), pred: toBinaryLabels(p), width: record.width, height: record.height });
    }
    const byHand = semantic.compute();
    expect(report.overall.semantic).toMatchObject({ ...byHand, miou: byHand.iou[SDXL], bf1: byHand.bf1PerClass[SDXL] });
    expect(report.overall.binary).toMatchObject(binary.compute());
    // Unrestricted, the same predictions score otherwise: the option changes what is scored.
    const everything = await evaluatePredictions({ items: all });
    expect(everything.generators).toBeUndefined();
    expect(everything.overall.semantic!.miou).not.toBe(report.overall.semantic!.miou);
    // Vanilla samples: every image with an SDXL turn is in group 'sdxl', the rest in 'none'.
    const withSdxl = all.filter((it) => it.record.turns!.some((t) => t.generator === 'sdxl')).length;
    expect(Object.keys(report.groups.variant!).sort()).toEqual(['none', 'sdxl']);
    expect(report.groups.variant!.sdxl.images).toBe(withSdxl);
    expect(report.groups.variant!.none.images).toBe(all.length - withSdxl);
    // A variant names its group; without `generators` every generator's turns group.
    const variant: EvaluationItem[] = all.map((it) => ({ ...it, record: { ...it.record, turns: it.record.turns!.map((t) => (t.generator === 'sdxl' ? { ...t, variant: 'hyper-sd-8step' } : t)) } as EvaluationItem['record'] }));
    const byVariant = await evaluatePredictions({ items: variant, generators: ['sdxl'], by: ['variant'] });
    expect(Object.keys(byVariant.groups.variant!).sort()).toEqual(['none', 'sdxl:hyper-sd-8step']);
    expect(byVariant.overall).toEqual(report.overall);
    const unrestricted = await evaluatePredictions({ items: variant, by: ['variant'] });
    expect(Object.keys(unrestricted.groups.variant!)).toContain('kolors');
    // Same with workers.
    expect(await evaluatePredictions({ items: all, generators: ['sdxl'], by: ['variant'], workers: 2 })).toEqual(report);
  });

  it('refuses an unknown or empty list of generators, naming the closest', async () => {
    const [first] = await items();
    await expect(evaluatePredictions({ items: [first], generators: ['sdxL1' as never] })).rejects.toThrow("unknown generator 'sdxL1'; did you mean 'sdxl'?");
    await expect(evaluatePredictions({ items: [first], generators: [] })).rejects.toThrow(ArgumentError);
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
