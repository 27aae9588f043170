/**
 * Deadlines of an HTTP request. Every request an `httpClient` sends (the range reads of
 * `httpSource` and `downloadToFile` included) has each of them; a field left out keeps its default
 * ({@link DEFAULT_TIMEOUTS}); `Infinity` switches a deadline off (`0` the minimum rate).
 *
 * A timed-out attempt (connect, idle, rate) is retried like a reset connection — a body is
 * continued from the byte it reached — within the tries of the retry policy; the total deadline
 * is final. The error after the last try is an `HttpError` whose `deadline` names the one that
 * passed.
 */
export interface HttpTimeouts {
  /**
   * No response headers this long after a request was sent (a server that accepts the connection
   * and never answers). Per request: each redirect and each retry has its own. @default 20000
   */
  connectMs?: number;
  /**
   * No body byte for this long while the reader is waiting for one (headers, then silence; a
   * `Content-Length` larger than the body with the connection held open). Time the reader
   * spends elsewhere does not count. @default 20000
   */
  idleMs?: number;
  /**
   * The slowest body accepted, in bytes per second averaged over `rateWindowMs` of waiting — so
   * a body trickling a byte at a time, which the idle deadline never sees, ends too. `0` turns
   * this guard off. @default 4096
   */
  minBytesPerSecond?: number;
  /** The window `minBytesPerSecond` is averaged over. @default 30000 */
  rateWindowMs?: number;
  /**
   * The whole of one call of a file transfer (a range read, a download): redirects, retries, the
   * waits between them and the body. **None by default**: a real shard or a 21.5 GB archive over a
   * slow link takes from minutes to hours, so any fixed figure would either cut real downloads
   * or bound nothing; the three deadlines above bound every stall, the retry policy bounds the
   * tries, and a body never exceeds the size the listing (or the range) gives, so a transfer
   * ends. Set one when a run must finish by a time. @default Infinity
   */
  totalMs?: number;
  /**
   * The whole of one call of a small API request (a revision lookup, a listing page, a dataset
   * card), asked with `kind: 'api'`: such answers take well under a second, so a minute is
   * already generous — and retries of a Hub that keeps failing end within it. @default 60000
   */
  apiTotalMs?: number;
}

/** The defaults of {@link HttpTimeouts}. */
export const DEFAULT_TIMEOUTS: Readonly<Required<HttpTimeouts>> = Object.freeze({
  connectMs: 20_000,
  idleMs: 20_000,
  minBytesPerSecond: 4096,
  rateWindowMs: 30_000,
  totalMs: Infinity,
  apiTotalMs: 60_000,
});

/** What a call is, for its total deadline: a small API request or a file transfer (the default). */
export type RequestKind = 'api' | 'file';

/**
 * The deadlines in force for one call: the defaults, under the fetch's, under the call's own.
 * @internal
 */
export interface CallTimeouts {
  /** See {@link HttpTimeouts.connectMs}. */
  connectMs: number;
  /** See {@link HttpTimeouts.idleMs}. */
  idleMs: number;
  /** See {@link HttpTimeouts.minBytesPerSecond}; 0 is off. */
  minBytesPerSecond: number;
  /** See {@link HttpTimeouts.rateWindowMs}. */
  rateWindowMs: number;
  /** The total deadline of this call (`totalMs` or `apiTotalMs`, by kind). */
  totalMs: number;
  /** The option that set `totalMs`, for messages. */
  totalName: 'totalMs' | 'apiTotalMs';
}

/**
 * The deadlines of one call: `call` over `fetchWide` over the defaults, with the total chosen by
 * kind. Fields were checked where they entered ({@link checkTimeouts}).
 * @internal
 */
export function callTimeouts(params: { fetchWide?: HttpTimeouts; call?: HttpTimeouts; kind?: RequestKind }): CallTimeouts {
  const t = { ...DEFAULT_TIMEOUTS, ...defined(params.fetchWide), ...defined(params.call) };
  const totalName = params.kind === 'api' ? 'apiTotalMs' : 'totalMs';
  return { connectMs: t.connectMs, idleMs: t.idleMs, minBytesPerSecond: t.minBytesPerSecond, rateWindowMs: t.rateWindowMs, totalMs: t[totalName], totalName };
}

/**
 * Why a timeouts object cannot be used (a field that is not a positive number, or an unknown
 * key), or `undefined` when it can.
 * @internal
 */
export function checkTimeouts(timeouts: HttpTimeouts | undefined): string | undefined {
  if (timeouts === undefined) return undefined;
  if (timeouts === null || typeof timeouts !== 'object') return `timeouts must be an object, got ${timeouts === null ? 'null' : typeof timeouts}`;
  for (const [key, value] of Object.entries(timeouts)) {
    if (!(key in DEFAULT_TIMEOUTS)) return `unknown timeouts key ${JSON.stringify(key)} (known: ${Object.keys(DEFAULT_TIMEOUTS).join(', ')})`;
    if (value === undefined) continue;
    if (key === 'minBytesPerSecond') {
      if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) return `timeouts.minBytesPerSecond must be a finite number ≥ 0 (0 turns the rate guard off); got ${String(value)}`;
    } else if (!(typeof value === 'number' && value > 0)) {
      return `timeouts.${key} must be a positive number of milliseconds, or Infinity; got ${String(value)}`;
    }
  }
  return undefined;
}

/** The fields that are set: `{ idleMs: undefined }` must not erase a default when spread. */
function defined(t: HttpTimeouts | undefined): HttpTimeouts {
  if (!t) return {};
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
}
