import { DiffsegError } from '../errors.js';

/**
 * A transform could not be applied to a sample's data: an image and label map of different
 * sizes, a crop outside the image, a transform that invented a label id. Code `TRANSFORM_INVALID`.
 * (Arguments that can never work, such as `jpeg(0)`, are an {@link ArgumentError} at construction.)
 */
export class TransformError extends DiffsegError {
  /** Id of the sample, when known. */
  readonly sampleId: string | undefined;
  /** Name of the transform that failed, e.g. `resize(256)`. */
  readonly transform: string | undefined;

  constructor(params: { message: string; sampleId?: string; transform?: string; cause?: unknown }) {
    const where = [params.sampleId !== undefined ? `sample ${params.sampleId}` : undefined, params.transform]
      .filter(Boolean)
      .join(', ');
    super({ code: 'TRANSFORM_INVALID', message: `transforms: ${where ? `${where}: ` : ''}${params.message}`, cause: params.cause });
    this.sampleId = params.sampleId;
    this.transform = params.transform;
  }
}
