import { ArgumentError } from '../errors.js';
import { flipIndex } from './internal/pixels.js';
import { selectionTransform } from './internal/select.js';
import type { Transform } from './transform.js';

/**
 * Mirrors image and label map together: `'horizontal'` (left ↔ right, the usual augmentation)
 * or `'vertical'` (top ↔ bottom). An exact pixel permutation.
 *
 * @throws {ArgumentError} for another direction.
 * @example
 * flip()            // horizontal
 * flip('vertical')
 */
export function flip(direction: 'horizontal' | 'vertical' = 'horizontal'): Transform {
  if (direction !== 'horizontal' && direction !== 'vertical') {
    throw new ArgumentError({ message: `transforms: flip: direction must be 'horizontal' or 'vertical', got ${String(direction)}` });
  }
  return selectionTransform(direction === 'horizontal' ? 'flip()' : "flip('vertical')", ({ width, height }) => ({
    width,
    height,
    sourceIndex: flipIndex(width, height, direction),
  }));
}
