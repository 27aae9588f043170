import { ArgumentError } from '../errors.js';
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
    throw new ArgumentError(`transforms: flip: direction must be 'horizontal' or 'vertical', got ${String(direction)}`);
  }
  return selectionTransform(direction === 'horizontal' ? 'flip()' : "flip('vertical')", (width, height) => {
    const index = new Uint32Array(width * height);
    for (let y = 0; y < height; y++) {
      const o = y * width;
      const from = (direction === 'horizontal' ? y : height - 1 - y) * width;
      if (direction === 'horizontal') for (let x = 0; x < width; x++) index[o + x] = from + width - 1 - x;
      else for (let x = 0; x < width; x++) index[o + x] = from + x;
    }
    return { width, height, sourceIndex: index };
  });
}
