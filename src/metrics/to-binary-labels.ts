import { NUM_CLASSES } from '../schema/labels.js';

// Byte → byte table: 1..8 → 1, everything else unchanged. Leaving 9..254 unchanged (rather than
// mapping "any non-zero" to 1) keeps an invalid label invalid, so SegmentationMetrics still
// reports it instead of silently scoring it as an edit; 255 (ignore) stays ignored.
const TABLE = Uint8Array.from({ length: 256 }, (_, v) => (v >= 1 && v < NUM_CLASSES ? 1 : v));

/**
 * Maps a DiffSeg30k label map to the binary task (docs/metrics.md): labels 1..8 (any generator) → 1,
 * 0 (unedited) stays 0, 255 (ignore) stays 255. Returns a new array; apply it to both the
 * ground truth and a semantic prediction, then score with `numClasses: 2`. A map that is already
 * binary (0/1) comes back unchanged.
 *
 * @example
 * ```ts
 * const binary = new SegmentationMetrics({ numClasses: 2 });
 * binary.update({ gt: toBinaryLabels(gt), pred: toBinaryLabels(pred), width, height });
 * ```
 */
export function toBinaryLabels(labelMap: Uint8Array): Uint8Array {
  const out = new Uint8Array(labelMap.length);
  for (let i = 0; i < labelMap.length; i++) out[i] = TABLE[labelMap[i]];
  return out;
}
