import { checkNumber } from './internal/args.js';
import { resamplingTransform } from './internal/resample.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/** Output size of `scale(factor)`: each side times `factor`, rounded, at least 1. */
function scaledSize(factor: number, width: number, height: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

/**
 * Scales image and label map by `factor` (0.5 halves each side), Lanczos-3 for the image and
 * nearest neighbour for the label map, like {@link resize}.
 *
 * @param params.factor - a number > 0 and ≤ 64.
 * @throws {ArgumentError} for a factor ≤ 0, > 64 or not finite.
 * @example
 * scale({ factor: 0.5 })
 */
export function scale(params: { factor: number }): Transform {
  const { factor } = checkParams('scale', params, ['factor']);
  checkNumber('scale', 'factor', factor, 0, 64, true);
  return resamplingTransform(`scale(${factor})`, ({ width, height }) => scaledSize(factor, width, height));
}
