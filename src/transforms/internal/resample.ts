/** Resampling shared by `resize`, `scale` and `toBatches`: Lanczos-3 for pixels, nearest for labels. */
import type { LabelledImage } from '../../schema/decoded.js';
import type { Geometry, TransformResult } from '../transform.js';
import { gatherLabels, nearestIndex, sharpFromRaw, toDecoded } from './pixels.js';

/** The geometry of resampling `srcW × srcH` to `width × height` (identity when equal). */
export function resampleGeometry(srcW: number, srcH: number, width: number, height: number): Geometry {
  if (srcW === width && srcH === height) return { width, height, sourceIndex: null };
  return { width, height, sourceIndex: nearestIndex(srcW, srcH, width, height) };
}

/**
 * Resamples the image with Lanczos-3 (libvips, as PIL's `LANCZOS`) and the label map by the
 * nearest-neighbour selection of {@link resampleGeometry}, which can only copy existing ids.
 * Same size in and out is a no-op that returns the input buffers.
 */
export async function resampleTo(input: LabelledImage, width: number, height: number): Promise<TransformResult> {
  const { image, labelMap } = input;
  const geometry = resampleGeometry(image.width, image.height, width, height);
  if (!geometry.sourceIndex) return { image, labelMap, sourceIndex: null };
  const resized = await toDecoded(sharpFromRaw(image).resize(width, height, { kernel: 'lanczos3', fit: 'fill' }));
  return { image: resized, labelMap: gatherLabels(labelMap, geometry.sourceIndex), sourceIndex: geometry.sourceIndex };
}
