import { ArgumentError } from '../errors.js';
import { flipIndex } from './internal/pixels.js';
import { selectionTransform } from './internal/select.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Mirrors image and label map together: `'horizontal'` (left ↔ right, the usual augmentation)
 * or `'vertical'` (top ↔ bottom). An exact pixel permutation.
 *
 * @throws {ArgumentError} for another direction.
 * @example
 * flip()            // horizontal
 * flip({ direction: 'vertical' })
 */
export function flip(params: { direction?: 'horizontal' | 'vertical' } = {}): Transform {
  const { direction = 'horizontal' } = checkParams('flip', params, ['direction']);
  if (direction !== 'horizontal' && direction !== 'vertical') {
    throw new ArgumentError({ message: `transforms: flip: direction must be 'horizontal' or 'vertical', got ${String(direction)}` });
  }
  return selectionTransform(direction === 'horizontal' ? 'flip()' : "flip('vertical')", ({ width, height }) => ({
    width,
    height,
    sourceIndex: flipIndex(width, height, direction),
  }));
}
