import { HttpError } from '../errors.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { quoteText } from '../internal/quote-text.js';
import { DeadlineError } from './http-deadlines.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** How an `httpClient` retries a request that failed for a reason that may pass (a timed-out attempt too). */
export interface RetryOptions {
  /** Tries in all, the first included; then the last cause is thrown. @default 6 */
  maxTries?: number;
  /** Delay before the first retry; doubled at each try, with jitter. @default 250 */
  baseDelayMs?: number;
  /** No single wait is longer than this (a `Retry-After` above it fails at once). @default 30000 */
  maxDelayMs?: number;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: Required<RetryOptions> = { maxTries: 6, baseDelayMs: 250, maxDelayMs: 30_000 };

/**
 * The wait before retry number `attempt` (1 for the first retry): the server's `Retry-After`
 * when it sent one, else exponential back-off with "full jitter" between half and all of
 * `baseDelayMs × 2^(attempt-1)`, so clients that failed together do not retry together.
 * Returns `undefined` when the server asks for a wait longer than `maxDelayMs`.
 * @example
 * retryDelay({ attempt: 2, retryAfter: null, options: { baseDelayMs: 100 } }) // 100..200
 */
export function retryDelay(params: { attempt: number; retryAfter: string | null; options?: RetryOptions; random?: () => number }): number | undefined {
  checkParams('retryDelay', params, keysOf<Parameters<typeof retryDelay>[0]>()('attempt', 'retryAfter', 'options', 'random'));
  const { baseDelayMs, maxDelayMs } = { ...DEFAULT_RETRY, ...params.options };
  const fromHeader = parseRetryAfter(params.retryAfter);
  if (fromHeader !== undefined) return fromHeader > maxDelayMs ? undefined : fromHeader;
  const full = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, params.attempt - 1));
  return full / 2 + (params.random ?? Math.random)() * (full / 2);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * After failed try number `attempt` of a request: the wait before the next try, or — when the
 * tries are spent, or the server asks for a longer wait than `maxDelayMs` — the {@link HttpError}
 * naming the URL, the range and the last cause, thrown.
 * @throws {HttpError} when there is no next try.
 */
export function waitBeforeRetry(params: {
  attempt: number;
  retryAfter: string | null;
  options: Required<RetryOptions>;
  /** The URL, without its query string. */
  url: string;
  range: [number, number] | undefined;
  lastStatus: number | undefined;
  lastCause: unknown;
}): number {
  const { attempt, retryAfter, options, lastCause } = params;
  const wait = attempt < options.maxTries ? retryDelay({ attempt, retryAfter, options }) : undefined;
  if (wait !== undefined) return wait;
  const why = attempt < options.maxTries ? `the server asked to wait ${quoteText(retryAfter ?? '', { maxChars: 40 })} s (Retry-After), more than maxDelayMs allows; last cause` : `gave up after ${attempt} tries; last cause`;
  throw new HttpError({
    url: params.url,
    status: params.lastStatus,
    range: params.range,
    deadline: lastCause instanceof DeadlineError ? lastCause.deadline : undefined,
    message: `${why}: ${describeNetworkCause(lastCause)}`,
    cause: lastCause instanceof Error ? lastCause : undefined,
  });
}
