import { ArgumentError } from '../errors.js';
import { applyTransform } from './apply-transform.js';
import { chainIndex } from './internal/pixels.js';
import { applyEncodedTransform } from './internal/apply-encoded.js';
import type { Geometry, Transform, TransformContext, TransformResult } from './transform.js';

/**
 * Chains transforms, first to last. Every step runs through {@link applyTransform}, so each step's
 * output is checked (same size image and label map, no invented label id). The result's
 * `sourceIndex` maps the final label pixels back to the original ones; its `encoded` bytes are
 * those of the last step, if the last step encoded. An empty list is the identity.
 *
 * @throws {ArgumentError} when `transforms` is not an array of transforms.
 * @example
 * compose([resize({ size: 256 }), jpeg({ quality: 80 })])   // downscale, then recompress, like a social-media upload
 */
export function compose(transforms: readonly Transform[]): Transform {
  if (!Array.isArray(transforms) || transforms.some((t) => !t || typeof t.apply !== 'function')) {
    throw new ArgumentError({ message: 'transforms: compose: expected an array of transforms' });
  }
  const steps = [...transforms];
  const name = steps.length === 0 ? 'identity' : steps.map((t) => t.name).join(' → ');
  // Runs the steps after the first on raw pixels, chaining what each step knows about where the
  // label pixels came from and whether encoded bytes still describe the image.
  const finish = async (first: TransformResult, firstInput: TransformResult, context: TransformContext): Promise<TransformResult> => {
    let state = advance({ current: firstInput, known: true }, first);
    for (const step of steps.slice(1)) state = advance(state, await applyTransform({ transform: step, image: state.current.image, labelMap: state.current.labelMap, ...context }));
    return state.current;
  };
  const composed: Transform = {
    name,
    async apply(input, context) {
      const start: TransformResult = { image: input.image, labelMap: input.labelMap, sourceIndex: null };
      if (steps.length === 0) return start;
      return finish(await applyTransform({ transform: steps[0], image: start.image, labelMap: start.labelMap, ...context }), start, context);
    },
  };
  const first = steps[0];
  if (first?.applyEncoded) {
    composed.applyEncoded = async (input, context) => {
      const out = await applyEncodedTransform(first, input, context);
      // Before the first step the pixels are the file's, at the stated size, with no selection.
      const before: TransformResult = { image: { data: new Uint8Array(0), width: input.width, height: input.height, channels: 0 }, labelMap: input.labelMap, sourceIndex: null };
      return finish(out, before, context);
    };
  }
  if (steps.every((t) => typeof t.geometry === 'function')) {
    composed.geometry = ({ width, height }, context): Geometry => {
      let g: Geometry = { width, height, sourceIndex: null };
      for (const step of steps) {
        const next = step.geometry!({ width: g.width, height: g.height }, context);
        g = { width: next.width, height: next.height, sourceIndex: chainIndex(g.sourceIndex, next.sourceIndex) };
      }
      return g;
    };
  }
  return composed;
}

/** One step's bookkeeping: chain its `sourceIndex` and keep `encoded` only while it describes the image. */
function advance(state: { current: TransformResult; known: boolean }, out: TransformResult): { current: TransformResult; known: boolean } {
  const before = state.current;
  let known = state.known;
  const sameSize = out.image.width === before.image.width && out.image.height === before.image.height;
  let sourceIndex: Uint32Array | null | undefined;
  if (out.sourceIndex) sourceIndex = known ? chainIndex(before.sourceIndex ?? null, out.sourceIndex) : undefined;
  else if (sameSize) sourceIndex = before.sourceIndex;
  else known = false;
  // Encoded bytes describe the image only if this step wrote them, or left the pixels as they were.
  const encoded = out.encoded && (out.encoded !== before.encoded || out.image === before.image) ? out.encoded : undefined;
  const current: TransformResult = { image: out.image, labelMap: out.labelMap, sourceIndex: known ? sourceIndex : undefined };
  if (encoded) current.encoded = encoded;
  else if (out.image === before.image && before.encoded) current.encoded = before.encoded;
  return { current, known };
}
