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
  const n = labelMap.length;
  const out = new Uint8Array(n);
  // Four pixels at a time (the loop ran at a fifth of eval's speed at 1024², one table lookup a
  // pixel): most words of a label map are uniform — background stays 0 (the array starts zeroed),
  // a word of generator ids only becomes four 1s — and only mixed words go byte by byte.
  const aligned = labelMap.byteOffset % 4 === 0 ? n >>> 2 : 0;
  if (aligned > 0) {
    const src = new Uint32Array(labelMap.buffer, labelMap.byteOffset, aligned);
    const dst = new Uint32Array(out.buffer, 0, aligned);
    for (let j = 0; j < aligned; j++) {
      const x = src[j];
      if (x === 0) continue;
      // High bit of each byte: set where the byte is ≥ 1, resp. ≥ NUM_CLASSES (adding 128 − t
      // to the low seven bits carries into the high bit exactly when the byte is ≥ t).
      const low = x & 0x7f7f7f7f;
      const atLeastOne = (low + 0x7f7f7f7f) | x;
      const atLeastK = (low + (128 - NUM_CLASSES) * 0x01010101) | x;
      // (Tested as "no byte below 1 and none at K or above": `&` gives a signed 32-bit result.)
      if (((~atLeastOne | atLeastK) & 0x80808080) === 0) {
        dst[j] = 0x01010101;
      } else {
        const i = j << 2;
        out[i] = TABLE[labelMap[i]];
        out[i + 1] = TABLE[labelMap[i + 1]];
        out[i + 2] = TABLE[labelMap[i + 2]];
        out[i + 3] = TABLE[labelMap[i + 3]];
      }
    }
  }
  for (let i = aligned << 2; i < n; i++) out[i] = TABLE[labelMap[i]];
  return out;
}
