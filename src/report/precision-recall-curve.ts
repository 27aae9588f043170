import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';

/** One point of a precision–recall curve. */
export interface PrecisionRecallPoint {
  /** Images scored at or above this are called edited. */
  threshold: number;
  /** Edited images among those called edited. */
  precision: number;
  /** Edited images called edited, of all edited images. */
  recall: number;
}

/**
 * The precision–recall curve of image-level detection scores, with the points of scikit-learn's
 * `precision_recall_curve`: one point per distinct score (highest first; ties form one step) down
 * to the first that reaches full recall (lower thresholds add no area), then the (recall 0,
 * precision 1) end point.
 * The area under its steps is the average precision of `averagePrecision`.
 * @throws {ArgumentError} when scores and labels differ in length, a score is not finite, or there
 *   is no positive image (recall is then undefined).
 * @example
 * precisionRecallCurve({ scores: [0.9, 0.2, 0.7], labels: [true, false, false] });
 */
export function precisionRecallCurve(params: { scores: readonly number[]; labels: readonly boolean[] }): PrecisionRecallPoint[] {
  const { scores, labels } = checkParams('precisionRecallCurve', params, ['scores', 'labels']);
  if (scores.length !== labels.length) throw new ArgumentError({ message: `precisionRecallCurve: ${scores.length} scores but ${labels.length} labels` });
  const bad = scores.findIndex((s) => !Number.isFinite(s));
  if (bad >= 0) throw new ArgumentError({ message: `precisionRecallCurve: score ${bad} is ${scores[bad]}, not a finite number` });
  const positives = labels.filter(Boolean).length;
  if (positives === 0) throw new ArgumentError({ message: 'precisionRecallCurve: no positive image, so recall is undefined' });
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const points: PrecisionRecallPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]]) tp++;
    else fp++;
    const last = k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]];
    if (last) points.push({ threshold: scores[order[k]], precision: tp / (tp + fp), recall: tp / positives });
    if (last && tp === positives) break; // sklearn stops at full recall, after the tied group
  }
  return [...points, { threshold: Number.POSITIVE_INFINITY, precision: 1, recall: 0 }];
}
