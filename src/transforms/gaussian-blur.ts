import { checkNumber } from './internal/args.js';
import { sharpOf, toDecoded } from './internal/pixels.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Gaussian blur of the image (libvips, standard deviation `sigma` in pixels); the label map is
 * unchanged — a blur moves no object, it only softens the traces a detector looks for.
 *
 * @param params.sigma - 0.3–1000 (libvips' range).
 * @throws {ArgumentError} for a sigma outside 0.3–1000.
 * @example
 * gaussianBlur({ sigma: 1 })
 */
export function gaussianBlur(params: { sigma: number }): Transform {
  const { sigma } = checkParams('gaussianBlur', params, ['sigma']);
  checkNumber('gaussianBlur', 'sigma', sigma, 0.3, 1000);
  return {
    name: `gaussianBlur(${sigma})`,
    geometry: ({ width, height }) => ({ width, height, sourceIndex: null }),
    apply: async (input) => ({ image: await toDecoded(sharpOf(input.image).blur(sigma)), labelMap: input.labelMap }),
    applyEncoded: async (input) => ({ image: await toDecoded(sharpOf(input.bytes).blur(sigma)), labelMap: input.labelMap }),
  };
}
