import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { IGNORE_INDEX, NUM_CLASSES } from '../schema/labels.js';

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
  const intersection = new Float64Array(NUM_CLASSES);
  const union = new Float64Array(NUM_CLASSES);
  for (let i = 0; i < gt.length; i++) {
    const t = gt[i];
    if (t === IGNORE_INDEX) continue;
    const p = pred[i];
    if (t === p) {
      if (t < NUM_CLASSES) {
        intersection[t]++;
        union[t]++;
      }
    } else {
      if (t < NUM_CLASSES) union[t]++;
      if (p < NUM_CLASSES) union[p]++;
    }
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
