import type { LabelledImage } from '../schema/decoded.js';
import { runChecked } from './internal/check-output.js';
import { checkLabelledImage } from './internal/pixels.js';
import type { Transform, TransformContext, TransformResult } from './transform.js';
import { TransformError } from './transform-error.js';

/**
 * Runs a transform on one image and its label map, checking both ends: the input's image and
 * label map must have the same size, and so must the output's; the output label map may only
 * contain ids that were in the input (a transform that interpolated labels would invent ids —
 * e.g. a bilinear resize turning a 0|4 edge into 2 — and silently mislabel pixels).
 * {@link compose} and {@link transformSample} run every step through here.
 *
 * @throws {TransformError} (code `TRANSFORM_INVALID`) on a size mismatch or an invented label id.
 * @example
 * const out = await applyTransform(resize({ size: 256 }), { image, labelMap }, { id: sample.id });
 */
export async function applyTransform(
  transform: Transform,
  input: LabelledImage,
  context: TransformContext,
): Promise<TransformResult> {
  const where = { sampleId: context?.id, transform: transform?.name };
  if (!transform || typeof transform.apply !== 'function') {
    throw new TransformError({ ...where, message: 'not a transform (expected an object with name and apply())' });
  }
  checkLabelledImage(input, { ...where, stage: 'input' });
  return runChecked({ run: () => transform.apply(input, context), inputLabels: input.labelMap, where });
}

