import type { TransformResult } from '../transform.js';
import { TransformError } from '../transform-error.js';
import { checkLabelledImage, labelIdsPresent } from './pixels.js';

/**
 * The checks every transform's output gets, whatever it started from (decoded pixels or the
 * encoded file): a consistent image and label map, a `sourceIndex` of the right length, and no
 * label id the input label map did not have.
 */
export function checkTransformOutput(params: { input: Uint8Array; result: TransformResult; where: { sampleId?: string; transform?: string } }): void {
  const { input, result, where } = params;
  checkLabelledImage(result, { ...where, stage: 'output' });
  if (result.sourceIndex && result.sourceIndex.length !== result.labelMap.length) {
    throw new TransformError({ ...where, message: `output: sourceIndex has ${result.sourceIndex.length} entries for ${result.labelMap.length} pixels` });
  }
  if (result.labelMap !== input) {
    // Scan the (usually smaller) output for its ids, then look each one up in the input with the
    // native `includes`, which stops at the first occurrence: the full input is only read when
    // an id is really missing from it.
    const after = labelIdsPresent(result.labelMap);
    const invented: number[] = [];
    for (let id = 0; id < 256; id++) if (after[id] && !input.includes(id)) invented.push(id);
    if (invented.length > 0) {
      const before = labelIdsPresent(input);
      const had = [...before.keys()].filter((id) => before[id]);
      throw new TransformError({
        ...where,
        message: `output label map contains label id(s) ${invented.join(', ')} that were not in the input (input ids: ${had.join(', ')}); label maps must be resampled by pixel selection (nearest neighbour), never interpolated`,
      });
    }
  }
}

/**
 * Runs one transform step and checks its output: a failure that is not already a
 * TransformError is wrapped into one naming the sample and the transform.
 */
export async function runChecked(params: {
  run: () => Promise<TransformResult>;
  inputLabels: Uint8Array;
  where: { sampleId?: string; transform?: string };
}): Promise<TransformResult> {
  const { where } = params;
  let result: TransformResult;
  try {
    result = await params.run();
  } catch (error) {
    if (error instanceof TransformError) throw error;
    throw new TransformError({ ...where, message: `failed: ${(error as Error)?.message ?? String(error)}`, cause: error });
  }
  checkTransformOutput({ input: params.inputLabels, result, where });
  return result;
}
