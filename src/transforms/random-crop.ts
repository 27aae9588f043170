import { checkSeed, checkSize } from './internal/args.js';
import { cropIndex } from './internal/pixels.js';
import { seededRandom } from '../internal/prng.js';
import { selectionTransform } from './internal/select.js';
import type { Transform } from './transform.js';
import { TransformError } from './transform-error.js';

/**
 * Crops a `size × size` (or `{ width, height }`) window at a random position, the same window
 * from image and label map. The position is a pure function of `(seed, context.seed, sample id)`
 * and the image size: reproducible, and independent of sample order.
 *
 * @param seed - transform seed, mixed with the context's seed and the sample id. @default 0
 * @throws {ArgumentError} for a size ≤ 0 or a non-finite seed.
 * @throws {TransformError} when the window is larger than the image.
 * @example
 * randomCrop(512, 7)
 */
export function randomCrop(size: number | { width: number; height: number }, seed?: number): Transform {
  const checked = checkSize('randomCrop', size);
  const ownSeed = checkSeed('randomCrop', seed);
  const width = typeof checked === 'number' ? checked : checked.width;
  const height = typeof checked === 'number' ? checked : checked.height;
  const name = `randomCrop(${typeof checked === 'number' ? checked : `${width}x${height}`}${seed === undefined ? '' : `, ${seed}`})`;
  return selectionTransform(name, ({ width: srcW, height: srcH }, context) => {
    if (width > srcW || height > srcH) {
      throw new TransformError({ sampleId: context?.id, transform: name, message: `a ${width}×${height} window does not fit in the ${srcW}×${srcH} image` });
    }
    const random = seededRandom(['randomCrop', ownSeed, context?.seed ?? 0, context?.id ?? '']);
    const left = Math.floor(random() * (srcW - width + 1));
    const top = Math.floor(random() * (srcH - height + 1));
    if (width === srcW && height === srcH) return { width, height, sourceIndex: null };
    return { width, height, sourceIndex: cropIndex(srcW, left, top, width, height) };
  });
}
