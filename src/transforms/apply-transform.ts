import type { LabelledImage } from '../schema/decoded.js';
import { checkLabelledImage, labelIdsPresent } from './internal/pixels.js';
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
 * const out = await applyTransform(resize(256), { image, labelMap }, { id: sample.id });
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
  let result: TransformResult;
  try {
    result = await transform.apply(input, context);
  } catch (error) {
    if (error instanceof TransformError) throw error;
    throw new TransformError({ ...where, message: `failed: ${(error as Error)?.message ?? String(error)}`, cause: error });
  }
  checkLabelledImage(result, { ...where, stage: 'output' });
  if (result.sourceIndex && result.sourceIndex.length !== result.labelMap.length) {
    throw new TransformError({ ...where, message: `output: sourceIndex has ${result.sourceIndex.length} entries for ${result.labelMap.length} pixels` });
  }
  if (result.labelMap !== input.labelMap) {
    const before = labelIdsPresent(input.labelMap);
    const after = labelIdsPresent(result.labelMap);
    const invented: number[] = [];
    for (let id = 0; id < 256; id++) if (after[id] && !before[id]) invented.push(id);
    if (invented.length > 0) {
      const had = [...before.keys()].filter((id) => before[id]);
      throw new TransformError({
        ...where,
        message: `output label map contains label id(s) ${invented.join(', ')} that were not in the input (input ids: ${had.join(', ')}); label maps must be resampled by pixel selection (nearest neighbour), never interpolated`,
      });
    }
  }
  return result;
}
