import type { ImageSize } from '../../schema/decoded.js';
/** Transforms that only move pixels (crop, flip): image and label map follow one selection exactly. */
import type { Geometry, Transform, TransformContext } from '../transform.js';
import { gatherImage, gatherLabels } from './pixels.js';

/** A transform whose image and label map are both `out[j] = in[sourceIndex[j]]`. */
export function selectionTransform(name: string, geometry: (size: ImageSize, context: TransformContext) => Geometry): Transform {
  return {
    name,
    geometry,
    async apply(input, context) {
      const g = geometry(input.image, context);
      if (!g.sourceIndex) return { image: input.image, labelMap: input.labelMap, sourceIndex: null };
      return { image: gatherImage(input.image, g), labelMap: gatherLabels(input.labelMap, g.sourceIndex), sourceIndex: g.sourceIndex };
    },
  };
}
