import { checkInt } from './internal/args.js';
import { encodeTransform } from './internal/encoder.js';
import { sharpOf } from './internal/pixels.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

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
  /** Optimised Huffman tables: lossless, changes no decoded pixel. */
  optimiseCoding: true,
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
 * @throws {ArgumentError} for a quality outside 1–100 or not an integer.
 * @example
 * const out = await applyTransform({ transform: jpeg({ quality: 60 }), image, labelMap, id: 'x' });
 */
export function jpeg(params: { quality: number }): Transform {
  const { quality } = checkParams('jpeg', params, ['quality']);
  checkInt('jpeg', 'quality', quality, 1, 100);
  return encodeTransform({
    name: `jpeg(${quality})`,
    encoder: async (source) => {
      const bytes = await sharpOf(source).jpeg({ ...JPEG_ENCODER_OPTIONS, quality }).toBuffer();
      return { format: 'jpeg', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },
  });
}
