import { ArgumentError, RleError } from '../errors.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';
import { checkParams } from '../internal/check-params.js';
import { decodeRle } from './decode-rle.js';

/** What composition needs of a turn: its label id and its mask. */
export interface LabelledMask {
  /** Label id written where the mask is set (1..8 for a generator). */
  label: number;
  /** COCO compressed counts string of the mask, sized like the image. */
  mask_rle: string;
}

/**
 * Composes a record's turns into its label map: each turn writes its label where its mask is
 * set, in edit order, so a later edit overwrites an earlier one where they overlap. Pixels no
 * turn touches stay 0 (background). This is exactly the record's `mask` image by the format's invariant (docs/format.md §1.2).
 *
 * @returns row-major `height × width` label ids.
 * @example
 * composeLabelMap({ turns: [{ label: 4, mask_rle: '231' }], height: 2, width: 3 }) // Uint8Array [0, 4, 4, 0, 4, 0]
 */
export function composeLabelMap(params: { turns: readonly LabelledMask[]; width: number; height: number }): Uint8Array {
  const { turns, width, height } = checkParams('composeLabelMap', params, ['turns', 'width', 'height']);
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new ArgumentError({ message: `composeLabelMap: height and width must be non-negative integers, got ${height}×${width}` });
  }
  if (height * width > MAX_IMAGE_PIXELS) {
    throw new ArgumentError({ message: `composeLabelMap: ${width}×${height} is ${width * height} pixels, more than the ${MAX_IMAGE_PIXELS} (16383²) any label map may have` });
  }
  const out = new Uint8Array(height * width);
  for (const [i, turn] of turns.entries()) {
    if (!Number.isInteger(turn.label) || turn.label < 0 || turn.label > 255) {
      throw new ArgumentError({ message: `composeLabelMap: label ${turn.label} is not a byte` });
    }
    let mask: Uint8Array;
    try {
      mask = decodeRle({ size: [height, width], counts: turn.mask_rle });
    } catch (error) {
      // Which turn: a record has up to three, and the message is all a user sees.
      if (error instanceof RleError) throw error.within({ turn: i });
      throw error;
    }
    const label = turn.label;
    for (let i = 0; i < mask.length; i++) if (mask[i]) out[i] = label;
  }
  return out;
}
