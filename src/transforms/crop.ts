import { checkInt } from './internal/args.js';
import { cropIndex } from './internal/pixels.js';
import { selectionTransform } from './internal/select.js';
import type { Transform } from './transform.js';
import { TransformError } from './transform-error.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** A rectangle in pixels. */
export interface CropRect {
  /** First column kept. */
  left: number;
  /** First row kept. */
  top: number;
  /** Columns kept. */
  width: number;
  /** Rows kept. */
  height: number;
}

/**
 * Cuts the same rectangle out of the image and the label map (an exact pixel copy; nothing is
 * resampled, so image and labels stay aligned to the pixel).
 *
 * @throws {ArgumentError} for negative offsets or a width/height ≤ 0.
 * @throws {TransformError} when applied to an image the rectangle does not fit in.
 * @example
 * crop({ left: 0, top: 0, width: 256, height: 256 })
 */
export function crop(rect: CropRect): Transform {
  checkParams('crop', rect, keysOf<Parameters<typeof crop>[0]>()('left', 'top', 'width', 'height'));
  const left = checkInt('crop', 'left', rect?.left, 0, 1 << 16);
  const top = checkInt('crop', 'top', rect?.top, 0, 1 << 16);
  const width = checkInt('crop', 'width', rect?.width, 1, 1 << 16);
  const height = checkInt('crop', 'height', rect?.height, 1, 1 << 16);
  const name = `crop(${left},${top},${width}x${height})`;
  return selectionTransform(name, ({ width: srcW, height: srcH }, context) => {
    if (left + width > srcW || top + height > srcH) {
      throw new TransformError({
        sampleId: context?.id,
        transform: name,
        message: `rectangle ${left},${top} ${width}×${height} does not fit in the ${srcW}×${srcH} image`,
      });
    }
    if (left === 0 && top === 0 && width === srcW && height === srcH) return { width, height, sourceIndex: null };
    return { width, height, sourceIndex: cropIndex(srcW, left, top, width, height) };
  });
}
