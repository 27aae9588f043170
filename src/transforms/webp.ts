import { checkInt } from './internal/args.js';
import { encodeTransform } from './internal/encoder.js';
import { sharpOf } from './internal/pixels.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Lossy WebP compression: encodes at `quality` (1–100, libwebp scale), then decodes. The label
 * map is unchanged; the WebP bytes travel with the result (`encoded`). Encoder settings are fixed
 * (effort 4, no smart subsampling) so the output is reproducible.
 *
 * @throws {ArgumentError} for a quality outside 1–100 or not an integer.
 * @example
 * const out = await applyTransform({ transform: webp({ quality: 75 }), image, labelMap, id: 'x' });
 */
export function webp(params: { quality: number }): Transform {
  const { quality } = checkParams('webp', params, ['quality']);
  checkInt('webp', 'quality', quality, 1, 100);
  return encodeTransform({
    name: `webp(${quality})`,
    encoder: async (source) => {
      const bytes = await sharpOf(source).webp({ quality, lossless: false, nearLossless: false, smartSubsample: false, effort: 4 }).toBuffer();
      return { format: 'webp', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },
  });
}
