/**
 * Score two trivial detectors with the paper's metrics: one that predicts "unedited" everywhere
 * and one that knows where the edits are but blames every edit on SDXL. Shows the metrics API
 * and why the binary and semantic tasks differ — and, with a prediction 3 pixels off, how the two
 * boundary-F1 conventions ('bfscore', the default, and 'davis') score the same maps.
 * Run: npx tsx samples/evaluate-baselines.ts
 */
import { GENERATORS, SegmentationMetrics, loadSplit, toBinaryLabels } from 'diffseg30k';

const blindBinary = new SegmentationMetrics({ numClasses: 2 });
const blameSdxlBinary = new SegmentationMetrics({ numClasses: 2 });
const blameSdxlSemantic = new SegmentationMetrics({ numClasses: 9 });
const shiftedBfscore = new SegmentationMetrics({ numClasses: 9 });
const shiftedDavis = new SegmentationMetrics({ numClasses: 9, boundary: 'davis' });

for await (const s of loadSplit('validation', { source: 'samples', metadataOnly: true })) {
  const truth = await s.labelMap();
  const blind = new Uint8Array(truth.length);
  const blameSdxl = truth.map((v) => (v === 0 ? 0 : 3)); // 3 = sdxl
  blindBinary.update({ gt: toBinaryLabels(truth), pred: blind, width: s.width, height: s.height });
  blameSdxlBinary.update({ gt: toBinaryLabels(truth), pred: toBinaryLabels(blameSdxl), width: s.width, height: s.height });
  blameSdxlSemantic.update({ gt: truth, pred: blameSdxl, width: s.width, height: s.height });
  // The truth moved 3 pixels right (ignored pixels predicted as background).
  const shifted = truth.map((_, i) => {
    const v = i % s.width >= 3 ? truth[i - 3] : 0;
    return v === 255 ? 0 : v;
  });
  shiftedBfscore.update({ gt: truth, pred: shifted, width: s.width, height: s.height });
  shiftedDavis.update({ gt: truth, pred: shifted, width: s.width, height: s.height });
}

// A score is null when nothing could be scored (e.g. no edited pixel anywhere); print it as '-'.
const fmt = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3));
const row = (name: string, r: { accuracy: number | null; miou: number | null; bf1: number | null }) =>
  `${name.padEnd(30)} Acc ${fmt(r.accuracy)}  mIoU ${fmt(r.miou)}  bF1 ${fmt(r.bf1)}`;
console.log(row('all background (binary)', blindBinary.compute()));
console.log(row('blame SDXL (binary)', blameSdxlBinary.compute()));
const semantic = blameSdxlSemantic.compute();
console.log(row('blame SDXL (semantic)', semantic));
console.log('per-class IoU:', GENERATORS.map((g, i) => `${g} ${semantic.iou[i + 1]?.toFixed(2) ?? '-'}`).join(', '));
// 256×256 images: bfscore matches within θ = 2.7 px (strictly), DAVIS within r = ceil(2.9) = 3 px.
console.log(row('3 px off, bF1 bfscore', shiftedBfscore.compute()));
console.log(row('3 px off, bF1 davis', shiftedDavis.compute()));
