import { checkSeed, checkSize } from './internal/args.js';
import { cropIndex } from './internal/pixels.js';
import { seededRandom } from '../internal/prng.js';
import { selectionTransform } from './internal/select.js';
import type { Transform } from './transform.js';
import { TransformError } from './transform-error.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Crops a `size × size` (or `{ width, height }`) window at a random position, the same window
 * from image and label map. The position is a pure function of `(seed, context.seed, sample id)`
 * and the image size: reproducible, and independent of sample order.
 *
 * @param params.seed - transform seed, mixed with the context's seed and the sample id. @default 0
 * @throws {ArgumentError} for a size ≤ 0 or a non-finite seed.
 * @throws {TransformError} when the window is larger than the image.
 * @example
 * randomCrop({ size: 512, seed: 7 })
 */
export function randomCrop(params: ({ size: number } | { width: number; height: number }) & { seed?: number }): Transform {
  // An object first (a positional number has no `in`), then its keys, by the form it takes.
  checkParams('randomCrop', params, 'size' in checkParams('randomCrop', params) ? ['size', 'seed'] : ['width', 'height', 'seed']);
  const { seed } = params;
  const checked = checkSize('randomCrop', 'size' in params ? params.size : { width: params.width, height: params.height });
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
