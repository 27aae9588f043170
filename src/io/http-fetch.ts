import { ArgumentError, HubError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { parseContentRange } from '../internal/http-headers.js';
import { quoteText } from '../internal/quote-text.js';
import { untilAborted } from '../internal/until-aborted.js';
import {
  type Attempt,
  type CallDeadline,
  DeadlineError,
  abortFailure,
  after,
  connectDeadline,
  startAttempt,
  startCall,
  watchTransfer,
} from './http-deadlines.js';
import type { HttpStats } from './http-stats.js';
import { type CallTimeouts, type HttpTimeouts, type RequestKind, callTimeouts, checkTimeouts } from './http-timeouts.js';
import { judgeContinuation } from './judge-continuation.js';
import { type RangeResult, type ReadHttpRangeParams, readHttpRange } from './read-http-range.js';
import { redactUrl } from './redact-url.js';
import { redirectTarget } from './redirect-target.js';
import { DEFAULT_RETRY, type RetryOptions, retryDelay, waitBeforeRetry } from './retry-policy.js';

/** Parameters of {@link httpFetch}. */
export interface HttpFetchParams {
  /** The fetch that does the I/O. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Retry policy for 5xx, 429, 408, connection errors, timed-out attempts and cut bodies. @default DEFAULT_RETRY */
  retry?: RetryOptions;
  /**
   * Deadlines of every request made through this fetch (each call may override them with
   * `init.timeouts`). @default DEFAULT_TIMEOUTS
   */
  timeouts?: HttpTimeouts;
  /** Counters to add to. @default fresh counters, exposed as `.stats` */
  stats?: HttpStats;
  /**
   * A bearer token and the one origin it may be sent to. Any `Authorization` header a caller
   * passes is dropped; the token is added only to requests to exactly this origin, so a redirect
   * to a CDN (another origin) never carries it.
   */
  auth?: {
    /** The only origin the token is sent to (the Hub's). */
    origin: string;
    /** The access token (`hf_…`). */
    token: string;
  };
  /** Aborts every request made through this fetch (combined with each call's own signal). */
  signal?: AbortSignal;
  /** Redirects followed per request. @default 5 */
  maxRedirects?: number;
}

/** What one call of an {@link HttpFetch} takes: a `RequestInit`, plus what its deadlines are. */
export interface HttpRequestInit extends RequestInit {
  /**
   * `'api'` for a small API request (JSON, a card): its total deadline is `apiTotalMs`;
   * `'file'` for a file transfer (a range, a download): `totalMs`. @default 'file'
   */
  kind?: RequestKind;
  /** This call's deadlines, over the fetch's. */
  timeouts?: HttpTimeouts;
}

/** A `fetch` with retries, deadlines, origin-bound auth, resumable bodies and counters. */
export type HttpFetch = ((input: string | URL | Request, init?: HttpRequestInit) => Promise<Response>) & {
  /** Requests, retries and bytes so far. */
  readonly stats: HttpStats;
  /**
   * Reads a byte range with the same retries, deadlines, redirects, auth and counters, on
   * `node:http` rather than through a `Response` (what `httpSource` uses for bytes). Absent when
   * a `fetch` was given: then every request goes through that fetch.
   * @internal
   */
  readonly readRange?: (params: Pick<ReadHttpRangeParams, 'url' | 'start' | 'end' | 'check'> & { signal?: AbortSignal }) => Promise<RangeResult>;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Makes a `fetch`-compatible function for talking to the Hub and its CDN that survives what
 * networks and hostile servers do: a 5xx, a 429 (its `Retry-After` honoured), a 408, a reset
 * connection or a timed-out attempt is retried with exponential back-off and jitter; a body cut
 * short or stalled is continued from the byte it reached with a range request (refused if the
 * ETag changed); redirects are followed by hand (`http:`/`https:` only, loops refused) so the
 * token goes only to the Hub's origin. Every request has deadlines (`timeouts`, see
 * {@link HttpTimeouts}): no headers within `connectMs`, no body byte for `idleMs`, a body slower
 * than `minBytesPerSecond`, and a total per call (`apiTotalMs` for `kind: 'api'` calls, none for
 * file transfers by default). After `maxTries`, or when the total deadline passes, it throws a
 * {@link HubError} naming the URL (without its query string), the range, the deadline that passed
 * and the last cause. Other 4xx responses are returned as they are, at once, for the caller to
 * word (their bodies under the same deadlines). Aborting the signal rejects with its reason, also
 * mid-body.
 *
 * @example
 * const f = httpFetch({ auth: { origin: 'https://huggingface.co', token: process.env.HF_TOKEN! } });
 * const res = await f('https://huggingface.co/api/datasets/org/name/revision/main', { kind: 'api' });
 * const info = await readJson({ response: res, maxBytes: BODY_LIMITS.json });
 * console.log(f.stats.requests, f.stats.retries);
 */
export function httpFetch(params: HttpFetchParams = {}): HttpFetch {
  const base = params.fetch ?? globalThis.fetch;
  const stats: HttpStats = params.stats ?? { requests: 0, bytes: 0, retries: 0, redirects: 0, resumed: 0 };
  const retry = { ...DEFAULT_RETRY, ...params.retry };
  const maxRedirects = params.maxRedirects ?? 5;
  const authOrigin = params.auth ? new URL(params.auth.origin).origin : undefined;
  const badTimeouts = checkTimeouts(params.timeouts);
  if (badTimeouts) throw new ArgumentError({ message: `httpFetch: ${badTimeouts}` });

  /** One request, redirects followed by hand; auth only where the origin is the Hub's. */
  const send = async (start: URL, first: { method: string; headers: Headers; body: RequestInit['body']; attempt: Attempt; timeouts: CallTimeouts }) => {
    const { attempt } = first;
    const visited = new Set([start.href]);
    let url = start;
    let { method, body } = first;
    for (;;) {
      const headers = new Headers(first.headers);
      if (params.auth && url.origin === authOrigin) headers.set('authorization', `Bearer ${params.auth.token}`);
      stats.requests++;
      const { connectMs } = first.timeouts;
      const cancel = after(connectMs, () => attempt.expire(connectDeadline(connectMs)));
      let response: Response;
      try {
        // Raced as well as signalled: a fetch of the caller's own may not honour the signal.
        response = await untilAborted(base(url, { method, headers, body, redirect: 'manual', signal: attempt.signal }), attempt.signal);
      } finally {
        cancel();
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) return { response, url };
      void response.body?.cancel().catch(() => undefined);
      stats.redirects++;
      url = redirectTarget({ start, from: url, location, status: response.status, visited, maxRedirects });
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
      }
    }
  };

  const call = async (input: string | URL | Request, init: HttpRequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers ?? request?.headers);
    headers.delete('authorization');
    const bad = checkTimeouts(init.timeouts);
    if (bad) throw new ArgumentError({ message: `httpFetch: ${redactUrl(url)}: ${bad}` });
    const timeouts = callTimeouts({ fetchWide: params.timeouts, call: init.timeouts, kind: init.kind });
    const deadline = startCall({ signals: [params.signal, init.signal ?? request?.signal], timeouts });
    const { signal } = deadline;
    const range = rangeOf(headers.get('range'));
    const where = redactUrl(url);
    let lastCause: unknown;
    let lastStatus: number | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw abortFailure({ signal, url: where, range, lastCause });
        let retryAfter: string | null = null;
        const current = startAttempt(signal);
        try {
          const { response, url: finalUrl } = await send(url, { method, headers, body: init.body, attempt: current, timeouts });
          if (!(response.status >= 500 || response.status === 429 || response.status === 408)) {
            // The body's end ends the attempt and the call's deadline.
            const guarded = guardBody({ response, url: finalUrl, headers, resumable: method === 'GET' && response.ok, attempt: current, deadline, timeouts, range });
            // A constructed Response has an empty `url`; callers use it to remember a redirect's target.
            Object.defineProperty(guarded, 'url', { value: finalUrl.href });
            return guarded;
          }
          lastStatus = response.status;
          lastCause = `HTTP ${response.status}${response.statusText ? ` ${quoteText(response.statusText, { maxChars: 80 })}` : ''}`;
          retryAfter = response.headers.get('retry-after');
          void response.body?.cancel().catch(() => undefined);
          current.end();
        } catch (cause) {
          current.end();
          if (signal?.aborted) throw abortFailure({ signal, url: where, range, lastCause });
          if (cause instanceof HubError) throw cause;
          lastCause = cause;
          lastStatus = undefined;
        }
        const wait = waitBeforeRetry({ attempt, retryAfter, options: retry, url: where, range, lastStatus, lastCause });
        stats.retries++;
        await abortableSleep(wait, signal).catch(() => {
          throw abortFailure({ signal: signal!, url: where, range, lastCause });
        });
      }
    } catch (error) {
      deadline.end();
      throw error;
    }
  };

  /**
   * The response with a body under the idle and rate deadlines, counted, and — for a GET of a
   * known length — continued when the connection drops or stalls before `Content-Length` bytes
   * came (`Range: bytes=<reached>-<end>`), refusing a continuation whose ETag or position
   * differs, which would splice two versions of a file.
   */
  const guardBody = (p: {
    response: Response;
    url: URL;
    headers: Headers;
    resumable: boolean;
    attempt: Attempt;
    deadline: CallDeadline;
    timeouts: CallTimeouts;
    range: [number, number] | undefined;
  }): Response => {
    const { response, deadline, timeouts } = p;
    const callSignal = deadline.signal;
    if (!response.body) {
      p.attempt.end();
      deadline.end();
      return response;
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    const known = Number.isSafeInteger(length);
    const contentRange = parseContentRange(response.headers.get('content-range'));
    const first = response.status === 206 && contentRange ? contentRange.start : 0;
    const range: [number, number] | undefined = known && p.resumable ? [first, first + length] : p.range;
    const etag = response.headers.get('etag');
    const where = redactUrl(p.url);
    let attempt = p.attempt;
    let reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    /**
     * The deadlines of one connection's body. An attempt that ends (a deadline, the call's
     * signal) cancels its reader, so a pending read returns at once — also from a fetch of the
     * caller's own that ignores signals — without racing every chunk against the signal.
     */
    const watch = (a: Attempt, r: ReadableStreamDefaultReader<Uint8Array>) => {
      a.signal.addEventListener('abort', () => void r.cancel(a.signal.reason).catch(() => undefined), { once: true });
      return watchTransfer({ timeouts, onExpire: (error) => a.expire(error) });
    };
    let watcher = watch(attempt, reader);
    let received = 0;
    let tries = 1;
    let cause: unknown;

    const finish = () => {
      watcher.stop();
      attempt.end();
      deadline.end();
    };
    const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown) => {
      finish();
      void reader.cancel().catch(() => undefined);
      controller.error(error);
    };
    const hubError = (message: string, extra: { code?: 'SOURCE_CHANGED'; cause?: unknown } = {}) =>
      new HubError({ url: where, status: response.status, range, deadline: extra.cause instanceof DeadlineError ? extra.cause.deadline : undefined, message, ...extra });

    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          watcher.waiting();
          try {
            chunk = await reader.read();
          } catch (error) {
            chunk = { done: true, value: undefined };
            cause = error;
          }
          if (chunk.done && attempt.signal.aborted) {
            if (callSignal?.aborted) return fail(controller, abortFailure({ signal: callSignal, url: where, range, lastCause: cause }));
            cause = attempt.signal.reason;
          }
          watcher.away();
          if (!chunk.done) {
            const n = chunk.value.byteLength;
            received += n;
            stats.bytes += n;
            watcher.got(n);
            if (known && received > length) return fail(controller, hubError(`the body is longer than its Content-Length ${length}`));
            controller.enqueue(chunk.value);
            return;
          }
          if (cause === undefined && (!known || received === length)) {
            finish();
            return controller.close();
          }
          const stopped = `the body stopped at ${received}${known ? ` of ${length}` : ''} bytes${cause ? `: ${describeNetworkCause(cause)}` : ''}`;
          if (!(p.resumable && known)) return fail(controller, hubError(stopped, { cause }));
          if (tries >= retry.maxTries) return fail(controller, hubError(`gave up after ${tries} tries; ${stopped}`, { cause }));
          // Cut short or stalled: continue from the byte reached, on a new connection.
          const wait = retryDelay({ attempt: tries, retryAfter: null, options: retry });
          tries++;
          stats.retries++;
          stats.resumed++;
          watcher.stop();
          attempt.end();
          void reader.cancel().catch(() => undefined);
          reader = emptyReader();
          attempt = startAttempt(callSignal);
          watcher = watchTransfer({ timeouts, onExpire: (error) => attempt.expire(error) });
          try {
            await abortableSleep(wait ?? 0, callSignal);
            const headers = new Headers(p.headers);
            headers.set('range', `bytes=${first + received}-${first + length - 1}`);
            const { response: next } = await send(p.url, { method: 'GET', headers, body: undefined, attempt, timeouts });
            const judged = judgeContinuation({ status: next.status, contentRange: next.headers.get('content-range'), start: first + received, etag, nextEtag: next.headers.get('etag') });
            if (judged.verdict !== 'splice') {
              void next.body?.cancel().catch(() => undefined);
              if (judged.verdict === 'refuse') return fail(controller, hubError(judged.message, { code: judged.code }));
              cause = `HTTP ${next.status}`; // one more try
              continue;
            }
            cause = undefined;
            if (next.body) {
              watcher.stop();
              reader = next.body.getReader();
              watcher = watch(attempt, reader);
            }
          } catch (error) {
            if (callSignal?.aborted) return fail(controller, abortFailure({ signal: callSignal, url: where, range, lastCause: cause }));
            if (error instanceof HubError) return fail(controller, error);
            cause = error; // a failed continuation is one more try
          }
        }
      },
      cancel: (reason) => {
        finish();
        return reader.cancel(reason).catch(() => undefined);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  // Bytes of files skip the fetch machinery when no fetch was given (web streams cost more than the read).
  const fileTimeouts = callTimeouts({ fetchWide: params.timeouts, kind: 'file' });
  const readRange: HttpFetch['readRange'] = params.fetch
    ? undefined
    : ({ signal, ...p }) => readHttpRange({ ...p, retry, stats, auth: params.auth, signals: [params.signal, signal], maxRedirects, timeouts: fileTimeouts });
  return Object.assign(call, { stats, readRange }) as HttpFetch;
}

function rangeOf(header: string | null): [number, number] | undefined {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header ?? '');
  return m ? [Number(m[1]), Number(m[2]) + 1] : undefined;
}

function emptyReader(): ReadableStreamDefaultReader<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (c) => c.close() }).getReader();
}
