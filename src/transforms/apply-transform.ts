import type { LabelledImage } from '../schema/decoded.js';
import { checkParams, keysOf } from '../internal/check-params.js';
import { runChecked } from './internal/check-output.js';
import { checkLabelledImage } from './internal/pixels.js';
import type { Transform, TransformContext, TransformResult } from './transform.js';
import { TransformError } from './transform-error.js';

/** Parameters of {@link applyTransform}: the transform, the image and its label map, and the sample's id (and the run's seed) that random transforms draw from. */
export interface ApplyTransformParams extends LabelledImage, TransformContext {
  /** The transform to run. */
  transform: Transform;
}

/** The keys of {@link ApplyTransformParams}. */
const APPLY_TRANSFORM_KEYS = keysOf<ApplyTransformParams>()('transform', 'image', 'labelMap', 'id', 'seed');

/**
 * Runs a transform on one image and its label map, checking both ends: the input's image and
 * label map must have the same size, and so must the output's; the output label map may only
 * contain ids that were in the input (a transform that interpolated labels would invent ids —
 * e.g. a bilinear resize turning a 0|4 edge into 2 — and silently mislabel pixels).
 * {@link compose} and {@link format!transformSample} run every step through here.
 *
 * @throws {TransformError} (code `TRANSFORM_INVALID`) on a size mismatch or an invented label id.
 * @example
 * const out = await applyTransform({ transform: resize({ size: 256 }), image, labelMap, id: sample.id });
 */
export async function applyTransform(params: ApplyTransformParams): Promise<TransformResult> {
  const { transform, image, labelMap, id, seed } = checkParams('applyTransform', params, APPLY_TRANSFORM_KEYS);
  const where = { sampleId: id, transform: transform?.name };
  if (!transform || typeof transform.apply !== 'function') {
    throw new TransformError({ ...where, message: 'not a transform (expected an object with name and apply())' });
  }
  const input: LabelledImage = { image, labelMap };
  checkLabelledImage(input, { ...where, stage: 'input' });
  const context: TransformContext = seed === undefined ? { id } : { id, seed };
  return runChecked({ run: () => transform.apply(input, context), inputLabels: labelMap, where });
}
