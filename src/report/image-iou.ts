import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { countPairs } from '../metrics/count-pairs.js';
import { IGNORE_INDEX, NUM_CLASSES } from '../schema/labels.js';

const PAIRS = new Float64Array(256 * 256);

/**
 * The semantic IoU of one image: the mean, over the generator classes (1..8) present in its
 * ground truth or its prediction, of intersection / union — background excluded, as the paper's
 * mIoU; pixels labelled 255 in the truth are ignored. `null` when neither map has a generator
 * pixel (an unedited image predicted clean: nothing to rank it by). An image whose edits are all
 * missed, or an unedited one with a false edit, scores 0.
 * @throws {ArgumentError} when the two maps differ in size.
 * @example
 * imageIou({ gt: await s.labelMap(), pred }); // 0.83
 */
export function imageIou(params: { gt: Uint8Array; pred: Uint8Array }): number | null {
  const { gt, pred } = checkParams('imageIou', params, ['gt', 'pred']);
  if (gt.length !== pred.length) throw new ArgumentError({ message: `imageIou: the prediction has ${pred.length} pixels, the truth ${gt.length}` });
  // Every (truth, prediction) byte pair counted by the metrics' own word-at-a-time counter; 256
  // columns so that any prediction byte has its own (a stray label is counted, never aliased).
  // One table reused across calls (synchronous, so no two calls share it at once).
  const pairs = PAIRS.fill(0);
  countPairs({ gt, pred, k: 256, pairs });
  const intersection = new Float64Array(NUM_CLASSES);
  const union = new Float64Array(NUM_CLASSES);
  for (let c = 1; c < NUM_CLASSES; c++) {
    let row = 0;
    let column = 0;
    for (let j = 0; j < 256; j++) {
      row += pairs[c * 256 + j];
      if (j !== IGNORE_INDEX) column += pairs[j * 256 + c];
    }
    intersection[c] = pairs[c * 256 + c];
    union[c] = row + column - intersection[c];
  }
  let sum = 0;
  let classes = 0;
  for (let c = 1; c < NUM_CLASSES; c++) {
    if (union[c] === 0) continue;
    sum += intersection[c] / union[c];
    classes++;
  }
  return classes === 0 ? null : sum / classes;
}
