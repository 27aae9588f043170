import { checkParams } from '../internal/check-params.js';
import { checkDetectionInput } from './check-detection-input.js';

/**
 * Average precision as `sklearn.metrics.average_precision_score` computes it: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ
 * over the distinct score thresholds in decreasing order, where tied scores form one threshold
 * (no interpolation). Scores are ranked higher-is-positive.
 *
 * @param params.scores - one finite score per image (e.g. the probability that it was edited)
 * @param params.labels - 1/true for a positive image (it has at least one edit), 0/false otherwise
 * @returns AP in [0, 1], or null when there is no positive label (AP is undefined; sklearn warns)
 * @throws {MetricsError} on different lengths, a NaN/infinite score or a label other than 0/1
 *
 * @example
 * ```ts
 * averagePrecision({ scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1] }); // 0.8333…
 * ```
 */
export function averagePrecision(params: { scores: ArrayLike<number>; labels: ArrayLike<number | boolean> }): number | null {
  const { scores, labels } = checkParams('averagePrecision', params, ['scores', 'labels']);
  checkDetectionInput({ scores, labels, where: 'averagePrecision' });
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1 || labels[i] === true) positives++;
  if (positives === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let previousTp = 0;
  for (let r = 0; r < n; ) {
    const threshold = scores[order[r]];
    // Consume the whole group of tied scores before taking a precision/recall point.
    while (r < n && scores[order[r]] === threshold) {
      const l = labels[order[r]];
      if (l === 1 || l === true) tp++;
      else fp++;
      r++;
    }
    if (tp !== previousTp) {
      ap += ((tp - previousTp) / positives) * (tp / (tp + fp));
      previousTp = tp;
    }
  }
  return ap;
}
