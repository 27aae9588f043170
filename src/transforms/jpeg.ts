import { checkInt } from './internal/args.js';
import { encodeTransform } from './internal/encoder.js';
import { sharpOf } from './internal/pixels.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';
import { ArgumentError } from '../errors.js';

/**
 * The encoder settings of the JPEG distortion, fixed so the bytes are reproducible and match what
 * PIL's `Image.save(quality=q)` (libjpeg) writes: the standard IJG (Annex K) tables scaled for
 * `quality`, 4:2:0 chroma subsampling, baseline, no trellis quantisation or other mozjpeg tuning.
 */
export const JPEG_ENCODER_OPTIONS = {
  /** No mozjpeg defaults: plain libjpeg behaviour. */
  mozjpeg: false,
  /** Table 0: the standard IJG (Annex K) tables. */
  quantisationTable: 0,
  /** 4:2:0 chroma subsampling, as PIL writes by default. */
  chromaSubsampling: '4:2:0',
  /** No trellis quantisation (a mozjpeg refinement PIL does not use). */
  trellisQuantisation: false,
  /** No overshoot deringing (mozjpeg). */
  overshootDeringing: false,
  /** No scan optimisation (mozjpeg). */
  optimiseScans: false,
  /**
   * The standard Huffman tables, as PIL writes by default. Optimised tables (the `jpeg`
   * transform's `optimiseCoding`) change no decoded pixel and make files 14–21 % smaller, for
   * about 1.2 ms more CPU a 512² image (docs/transforms.md).
   */
  optimiseCoding: false,
  /** Baseline, not progressive. */
  progressive: false,
} as const;

/**
 * JPEG compression: encodes the image at `quality` (1–100, libjpeg scale), then decodes it, so
 * the result carries the real blocking and ringing of a JPEG file. The label map is unchanged.
 * The encoded bytes travel with the result (`encoded`), so `diffseg30k distort` stores the very
 * file that was decoded instead of compressing twice. An alpha channel is dropped (JPEG has none).
 *
 * @param params.quality - libjpeg quality 1–100 (the paper's Table 3 uses 60 and 80).
 * @param params.optimiseCoding - optimised Huffman tables instead of the standard ones (PIL's
 *   `optimize=True`): the same pixels in a file 14–21 % smaller, for about 20 % more encoding
 *   time. Default `false`, as PIL's `save(quality=q)`.
 * @throws {ArgumentError} for a quality outside 1–100 or not an integer, or an `optimiseCoding`
 *   that is not a boolean.
 * @example
 * const out = await applyTransform({ transform: jpeg({ quality: 60 }), image, labelMap, id: 'x' });
 */
export function jpeg(params: { quality: number; optimiseCoding?: boolean }): Transform {
  const { quality, optimiseCoding = false } = checkParams('jpeg', params, ['quality', 'optimiseCoding']);
  checkInt('jpeg', 'quality', quality, 1, 100);
  if (typeof optimiseCoding !== 'boolean') throw new ArgumentError({ message: `jpeg: optimiseCoding must be a boolean, got ${String(optimiseCoding)}` });
  return encodeTransform({
    name: optimiseCoding ? `jpeg(${quality}, optimiseCoding)` : `jpeg(${quality})`,
    encoder: async (source) => {
      const bytes = await sharpOf(source).jpeg({ ...JPEG_ENCODER_OPTIONS, quality, optimiseCoding }).toBuffer();
      return { format: 'jpeg', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },
  });
}
