import { HttpError, HubError } from '../errors.js';

/** Options of {@link hubErrorOf}. */
export interface HubErrorOptions {
  /**
   * What the user can do about an error status of this request (a gated repo: set `HF_TOKEN`),
   * or `undefined` when the Hub has nothing to add for that status.
   */
  advice?: (status: number) => string | undefined;
}

/**
 * The Hub layer's error for a failure of the HTTP layer below it: an {@link HttpError} becomes
 * a {@link HubError} with the same fields — URL, status, byte range, deadline, and code
 * (`SOURCE_CHANGED` stays `SOURCE_CHANGED`) — the HttpError as its `cause`, and its reason,
 * followed by the advice for its status when there is one. Anything else is returned as it is
 * (an abort's reason, an error of the Hub layer already).
 * @example
 * const bytes = await source.read(0, 10).catch((error: unknown) => { throw hubErrorOf(error, { advice }); });
 * @internal
 */
export function hubErrorOf(error: unknown, options: HubErrorOptions = {}): unknown {
  if (!(error instanceof HttpError)) return error;
  const advice = error.status === undefined ? undefined : options.advice?.(error.status);
  return new HubError({
    url: error.url,
    status: error.status,
    range: error.range,
    deadline: error.deadline,
    code: error.code === 'SOURCE_CHANGED' ? 'SOURCE_CHANGED' : 'HUB_ERROR',
    message: advice ? `${error.reason}: ${advice}` : error.reason,
    cause: error,
  });
}
