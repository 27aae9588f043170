import { DiffsegError, type ErrorParams } from '../errors.js';

/**
 * Input a metric cannot score: buffers whose length disagrees with the stated size, a predicted
 * label outside `0..numClasses-1`, a NaN score, an accumulator JSON of the wrong shape.
 * Always carries code `'METRICS_INVALID'`; the message starts with `metrics:` and names the
 * offending argument, value and pixel.
 *
 * @example
 * ```ts
 * try { metrics.update({ gt, pred, width: 512, height: 512 }); }
 * catch (e) { if (e instanceof MetricsError) console.error(e.message); }
 * ```
 */
export class MetricsError extends DiffsegError {
  constructor(params: ErrorParams) {
    super({ ...params, code: 'METRICS_INVALID', module: 'metrics' });
  }
}
