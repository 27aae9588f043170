import { ArgumentError } from '../errors.js';
import { applyTransform } from './apply-transform.js';
import { chainIndex } from './internal/pixels.js';
import type { Geometry, Transform, TransformResult } from './transform.js';

/**
 * Chains transforms, first to last. Every step runs through {@link applyTransform}, so each step's
 * output is checked (same size image and label map, no invented label id). The result's
 * `sourceIndex` maps the final label pixels back to the original ones; its `encoded` bytes are
 * those of the last step, if the last step encoded. An empty list is the identity.
 *
 * @throws {ArgumentError} when `transforms` is not an array of transforms.
 * @example
 * compose([resize(256), jpeg(80)])   // downscale, then recompress, like a social-media upload
 */
export function compose(transforms: readonly Transform[]): Transform {
  if (!Array.isArray(transforms) || transforms.some((t) => !t || typeof t.apply !== 'function')) {
    throw new ArgumentError('transforms: compose: expected an array of transforms');
  }
  const steps = [...transforms];
  const name = steps.length === 0 ? 'identity' : steps.map((t) => t.name).join(' → ');
  const composed: Transform = {
    name,
    async apply(input, context) {
      let current: TransformResult = { image: input.image, labelMap: input.labelMap, sourceIndex: null };
      // Whether current.sourceIndex still describes where the labels came from (a hand-written
      // step may change the size without saying how).
      let known = true;
      for (const step of steps) {
        const before = current;
        const out = await applyTransform(step, current, context);
        const sameSize = out.image.width === before.image.width && out.image.height === before.image.height;
        let sourceIndex: Uint32Array | null | undefined;
        if (out.sourceIndex) sourceIndex = known ? chainIndex(before.sourceIndex ?? null, out.sourceIndex) : undefined;
        else if (sameSize) sourceIndex = before.sourceIndex;
        else known = false;
        // Encoded bytes describe the image only if this step wrote them, or left the pixels as they were.
        const encoded = out.encoded && (out.encoded !== before.encoded || out.image === before.image) ? out.encoded : undefined;
        current = { image: out.image, labelMap: out.labelMap, sourceIndex: known ? sourceIndex : undefined };
        if (encoded) current.encoded = encoded;
        else if (out.image === before.image && before.encoded) current.encoded = before.encoded;
      }
      return current;
    },
  };
  if (steps.every((t) => typeof t.geometry === 'function')) {
    composed.geometry = (width, height, context): Geometry => {
      let g: Geometry = { width, height, sourceIndex: null };
      for (const step of steps) {
        const next = step.geometry!(g.width, g.height, context);
        g = { width: next.width, height: next.height, sourceIndex: chainIndex(g.sourceIndex, next.sourceIndex) };
      }
      return g;
    };
  }
  return composed;
}
