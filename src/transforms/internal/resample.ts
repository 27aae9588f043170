import type { ImageSize } from '../../schema/decoded.js';
/** Resampling shared by `resize`, `scale` and `toBatches`: Lanczos-3 for pixels, nearest for labels. */
import { decodeImage } from '../../codec/decode-image.js';
import type { Geometry, Transform, TransformResult } from '../transform.js';
import { type PixelSource, gatherLabels, nearestIndex, sharpOf, toDecoded } from './pixels.js';

/** The geometry of resampling `srcW × srcH` to `width × height` (identity when equal). */
export function resampleGeometry(srcW: number, srcH: number, width: number, height: number): Geometry {
  if (srcW === width && srcH === height) return { width, height, sourceIndex: null };
  return { width, height, sourceIndex: nearestIndex(srcW, srcH, width, height) };
}

/**
 * Resamples the image with Lanczos-3 (libvips, as PIL's `LANCZOS`) and the label map by the
 * nearest-neighbour selection of {@link resampleGeometry}, which can only copy existing ids.
 * Same size in and out is a no-op that returns the input buffers (decoding an encoded source).
 */
export async function resampleTo(params: {
  source: PixelSource;
  labelMap: Uint8Array;
  /** Where the output pixels come from: see {@link resampleGeometry}. */
  geometry: Geometry;
}): Promise<TransformResult> {
  const { source, labelMap, geometry } = params;
  if (!geometry.sourceIndex) {
    const image = source instanceof Uint8Array ? await decodeImage({ bytes: source, name: 'resample input' }) : source;
    return { image, labelMap, sourceIndex: null };
  }
  const resized = await toDecoded(sharpOf(source).resize(geometry.width, geometry.height, { kernel: 'lanczos3', fit: 'fill' }));
  return { image: resized, labelMap: gatherLabels(labelMap, geometry.sourceIndex), sourceIndex: geometry.sourceIndex };
}

/**
 * A resampling transform (`resize`, `scale`) from its output-size rule: geometry for the turn
 * masks, and the same resampling from decoded pixels or from the encoded file.
 */
export function resamplingTransform(name: string, outSize: (size: ImageSize) => ImageSize): Transform {
  // The selection index is a pure function of the input size and is never modified, so the one
  // of the last size is kept: a dataset of equal-sized images computes it once, not twice per image.
  let last: { width: number; height: number; geometry: Geometry } | undefined;
  const geometryFor = ({ width, height }: ImageSize): Geometry => {
    if (last?.width !== width || last.height !== height) {
      const out = outSize({ width, height });
      last = { width, height, geometry: resampleGeometry(width, height, out.width, out.height) };
    }
    return last.geometry;
  };
  return {
    name,
    geometry: geometryFor,
    apply: (input) => resampleTo({ source: input.image, labelMap: input.labelMap, geometry: geometryFor(input.image) }),
    applyEncoded: (input) => resampleTo({ source: input.bytes, labelMap: input.labelMap, geometry: geometryFor(input) }),
  };
}
