import { ArgumentError } from '../errors.js';
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
  const { turns, width, height } = checkParams('composeLabelMap', params);
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new ArgumentError({ message: `composeLabelMap: height and width must be non-negative integers, got ${height}×${width}` });
  }
  const out = new Uint8Array(height * width);
  for (const turn of turns) {
    if (!Number.isInteger(turn.label) || turn.label < 0 || turn.label > 255) {
      throw new ArgumentError({ message: `composeLabelMap: label ${turn.label} is not a byte` });
    }
    const mask = decodeRle({ size: [height, width], counts: turn.mask_rle });
    const label = turn.label;
    for (let i = 0; i < mask.length; i++) if (mask[i]) out[i] = label;
  }
  return out;
}
