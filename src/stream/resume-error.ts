import { DiffsegError, type ErrorParams } from '../errors.js';

/**
 * A `resume` state that cannot continue this read: it was saved from another split, another
 * revision of the dataset, other filters or another shuffle, or it is not a loader state at all.
 * Code `RESUME_INVALID`; `field` says which part disagrees, so a trainer can decide to start the
 * epoch afresh when the data changed.
 */
export class ResumeError extends DiffsegError {
  /** The state field that disagrees (`revision`, `split`, `seed`, …), or `state` for a malformed one. */
  readonly field: string;

  constructor(params: ErrorParams & { field: string }) {
    super({ code: 'RESUME_INVALID', module: 'loadSplit', context: { verb: 'resume' }, message: params.message, cause: params.cause });
    this.field = params.field;
  }
}
