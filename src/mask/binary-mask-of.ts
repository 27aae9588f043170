import { IGNORE_INDEX } from '../schema/labels.js';

/**
 * The binary task's ground truth from a label map: 1 where any model edited the pixel (labels
 * 1..254), 0 for background, and the ignore id 255 kept as 255 so metrics still skip it.
 * Unlike the metrics' `toBinaryLabels`, which leaves ids ≥ 9 alone so they are reported as errors,
 * this maps every non-background id to 1: it describes a dataset's own label maps.
 * @example binaryMaskOf(Uint8Array.of(0, 4, 255, 8)) // Uint8Array [0, 1, 255, 1]
 */
export function binaryMaskOf(labelMap: Uint8Array): Uint8Array {
  const out = new Uint8Array(labelMap.length);
  for (let i = 0; i < labelMap.length; i++) {
    const v = labelMap[i];
    out[i] = v === 0 ? 0 : v === IGNORE_INDEX ? IGNORE_INDEX : 1;
  }
  return out;
}
