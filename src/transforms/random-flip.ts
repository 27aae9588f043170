import { checkNumber, checkSeed } from './internal/args.js';
import { flipIndex } from './internal/pixels.js';
import { seededRandom } from '../internal/prng.js';
import { selectionTransform } from './internal/select.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Mirrors image and label map left ↔ right with probability `probability` — the usual training
 * augmentation (torchvision's `RandomHorizontalFlip`). Whether a sample is flipped is a pure
 * function of `(seed, context.seed, sample id)`: reproducible, and independent of sample order;
 * pass the epoch as `loadSplit`'s `seed` to flip a different half each epoch.
 *
 * @param params.probability - chance of flipping, 0–1. @default 0.5
 * @param params.seed - transform seed, mixed with the context's seed and the sample id. @default 0
 * @throws {ArgumentError} for a probability outside 0–1 or a non-finite seed.
 * @example
 * loadSplit('train', { source, transform: compose([randomCrop({ size: 448 }), randomFlip()]), shuffle: true, epoch })
 */
export function randomFlip(params: { probability?: number; seed?: number } = {}): Transform {
  const { probability = 0.5, seed } = checkParams('randomFlip', params, ['probability', 'seed']);
  checkNumber('randomFlip', 'probability', probability, 0, 1);
  const ownSeed = checkSeed('randomFlip', seed);
  const name = `randomFlip(${probability}${seed === undefined ? '' : `, ${seed}`})`;
  return selectionTransform(name, ({ width, height }, context) => {
    const random = seededRandom(['randomFlip', ownSeed, context?.seed ?? 0, context?.id ?? '']);
    const flipped = random() < probability;
    return { width, height, sourceIndex: flipped ? flipIndex(width, height, 'horizontal') : null };
  });
}
