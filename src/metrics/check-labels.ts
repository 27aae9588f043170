import { findInvalidLabel } from './find-invalid-label.js';
import { MetricsError } from './metrics-error.js';

/**
 * Throws a {@link MetricsError} naming the first pixel (row-major) that no metric can score — a
 * prediction ≥ k, or a truth ≥ k that is not the ignore index — with its value and position.
 * Internal to the metrics engines and SegmentationMetrics' validation.
 */
export function checkLabels(params: { gt: Uint8Array; pred: Uint8Array; width: number; k: number; ignoreIndex: number }): void {
  const { gt, pred, width, k, ignoreIndex } = params;
  const bad = findInvalidLabel({ gt, pred, k, ignoreIndex });
  if (bad < 0) return;
  const at = `pixel (x ${bad % width}, y ${Math.floor(bad / width)})`;
  if (pred[bad] >= k) throw new MetricsError({ message: `pred has label ${pred[bad]} at ${at}, but numClasses is ${k} (labels 0..${k - 1})` });
  throw new MetricsError({ message: `gt has label ${gt[bad]} at ${at}, which is neither a class 0..${k - 1} nor the ignore index ${ignoreIndex}` });
}
