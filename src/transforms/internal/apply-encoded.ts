import type { EncodedInput, Transform, TransformContext, TransformResult } from '../transform.js';
import { TransformError } from '../transform-error.js';
import { runChecked } from './check-output.js';

/**
 * `applyTransform` for a transform that can start from the encoded file (`applyEncoded`): the
 * same input and output checks, around the encoded-input path.
 */
export async function applyEncodedTransform(transform: Transform, input: EncodedInput, context: TransformContext): Promise<TransformResult> {
  const where = { sampleId: context?.id, transform: transform.name };
  if (!transform.applyEncoded) throw new TransformError({ ...where, message: 'has no encoded-input path' });
  if (input.labelMap.length !== input.width * input.height) {
    throw new TransformError({
      ...where,
      message: `input: label map has ${input.labelMap.length} pixels but the image is ${input.width}×${input.height} = ${input.width * input.height}; image and label map must have the same size`,
    });
  }
  return runChecked({ run: () => transform.applyEncoded!(input, context), inputLabels: input.labelMap, where });
}
