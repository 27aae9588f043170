import { HubError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { parseContentRange } from '../internal/http-headers.js';
import { judgeContinuation } from './judge-continuation.js';
import { type RangeResult, type ReadHttpRangeParams, readHttpRange } from './read-http-range.js';
import type { HttpStats } from './http-stats.js';
import { redactUrl } from './redact-url.js';
import { DEFAULT_RETRY, type RetryOptions, retryDelay, waitBeforeRetry } from './retry-policy.js';


/** Parameters of {@link httpFetch}. */
export interface HttpFetchParams {
  /** The fetch that does the I/O. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Retry policy for 5xx, 429, 408, connection errors and cut bodies. @default DEFAULT_RETRY */
  retry?: RetryOptions;
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

/** A `fetch` with retries, origin-bound auth, resumable bodies and counters. */
export type HttpFetch = typeof globalThis.fetch & {
  /** Requests, retries and bytes so far. */
  readonly stats: HttpStats;
  /**
   * Reads a byte range with the same retries, redirects, auth and counters, on `node:http`
   * rather than through a `Response` (what `httpSource` uses for bytes). Absent when a `fetch`
   * was given: then every request goes through that fetch.
   * @internal
   */
  readonly readRange?: (params: Pick<ReadHttpRangeParams, 'url' | 'start' | 'end' | 'signal' | 'check'>) => Promise<RangeResult>;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Makes a `fetch`-compatible function for talking to the Hub and its CDN that survives what
 * networks do: a 5xx, a 429 (its `Retry-After` honoured), a 408 or a reset connection is retried
 * with exponential back-off and jitter; a body cut short is continued from the byte it reached
 * with a range request (refused if the ETag changed); redirects are followed by hand so the token
 * goes only to the Hub's origin. After `maxTries` it throws a {@link HubError} naming the URL
 * (without its query string), the range and the last cause. Other 4xx responses are returned as
 * they are, at once, for the caller to word. Aborting the signal rejects with its reason, also
 * mid-body.
 *
 * @example
 * const f = httpFetch({ auth: { origin: 'https://huggingface.co', token: process.env.HF_TOKEN! } });
 * const res = await f('https://huggingface.co/api/datasets/org/name/revision/main');
 * console.log(f.stats.requests, f.stats.retries);
 */
export function httpFetch(params: HttpFetchParams = {}): HttpFetch {
  const base = params.fetch ?? globalThis.fetch;
  const stats: HttpStats = params.stats ?? { requests: 0, bytes: 0, retries: 0, redirects: 0, resumed: 0 };
  const retry = { ...DEFAULT_RETRY, ...params.retry };
  const maxRedirects = params.maxRedirects ?? 5;
  const authOrigin = params.auth ? new URL(params.auth.origin).origin : undefined;

  /** One request, redirects followed by hand; auth only where the origin is the Hub's. */
  const send = async (start: URL, first: { method: string; headers: Headers; body: RequestInit['body']; signal?: AbortSignal }) => {
    let url = start;
    let { method, body } = first;
    for (let hop = 0; ; hop++) {
      const headers = new Headers(first.headers);
      if (params.auth && url.origin === authOrigin) headers.set('authorization', `Bearer ${params.auth.token}`);
      stats.requests++;
      const response = await base(url, { method, headers, body, redirect: 'manual', signal: first.signal });
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) return { response, url };
      await response.body?.cancel().catch(() => undefined);
      stats.redirects++;
      if (hop >= maxRedirects) throw new HubError({ url: redactUrl(start), status: response.status, message: `more than ${maxRedirects} redirects` });
      url = new URL(location, url);
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
      }
    }
  };

  const call = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers ?? request?.headers);
    headers.delete('authorization');
    const signal = anySignal(params.signal, init.signal ?? undefined);
    const range = rangeOf(headers.get('range'));
    let lastCause: unknown;
    let lastStatus: number | undefined;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      let retryAfter: string | null = null;
      try {
        const { response, url: finalUrl } = await send(url, { method, headers, body: init.body, signal });
        if (response.ok) {
          const wrapped = method === 'GET' ? resumable({ response, url: finalUrl, headers, signal }) : countBody(response);
          // A constructed Response has an empty `url`; callers use it to remember a redirect's target.
          Object.defineProperty(wrapped, 'url', { value: finalUrl.href });
          return wrapped;
        }
        if (!(response.status >= 500 || response.status === 429 || response.status === 408)) return response;
        lastStatus = response.status;
        lastCause = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
        retryAfter = response.headers.get('retry-after');
        await response.body?.cancel().catch(() => undefined);
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        if (cause instanceof HubError) throw cause;
        lastCause = cause;
        lastStatus = undefined;
      }
      const wait = waitBeforeRetry({ attempt, retryAfter, options: retry, url: redactUrl(url), range, lastStatus, lastCause });
      stats.retries++;
      await abortableSleep(wait, signal);
    }
  };

  const countBody = (response: Response): Response => {
    if (!response.body) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          stats.bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  /**
   * The response with a body that, when the connection drops before `Content-Length` bytes came,
   * asks for the rest (`Range: bytes=<reached>-<end>`) and carries on — refusing a continuation
   * whose ETag or position differs, which would splice two versions of a file.
   */
  const resumable = (p: { response: Response; url: URL; headers: Headers; signal: AbortSignal | undefined }): Response => {
    const { response } = p;
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (!response.body || !Number.isSafeInteger(length)) return countBody(response);
    const contentRange = parseContentRange(response.headers.get('content-range'));
    const first = response.status === 206 && contentRange ? contentRange.start : 0;
    const etag = response.headers.get('etag');
    let reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    let received = 0;
    let tries = 1;
    const fail = (message: string, code?: 'SOURCE_CHANGED', cause?: unknown) =>
      new HubError({ url: redactUrl(p.url), range: [first, first + length], code, message, cause });

    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          let cause: unknown;
          try {
            chunk = await reader.read();
          } catch (error) {
            if (p.signal?.aborted) return controller.error(p.signal.reason);
            chunk = { done: true, value: undefined };
            cause = error;
          }
          if (!chunk.done) {
            received += chunk.value.byteLength;
            stats.bytes += chunk.value.byteLength;
            if (received > length) return controller.error(fail(`the body is longer than its Content-Length ${length}`));
            controller.enqueue(chunk.value);
            return;
          }
          if (received === length) return controller.close();
          // Cut short: continue from the byte reached.
          if (tries >= retry.maxTries) {
            return controller.error(fail(`gave up after ${tries} tries; the body stopped at ${received} of ${length} bytes${cause ? `: ${describeNetworkCause(cause)}` : ''}`, undefined, cause));
          }
          const wait = retryDelay({ attempt: tries, retryAfter: null, options: retry });
          tries++;
          stats.retries++;
          stats.resumed++;
          try {
            await abortableSleep(wait ?? 0, p.signal);
            const headers = new Headers(p.headers);
            headers.set('range', `bytes=${first + received}-${first + length - 1}`);
            const { response: next } = await send(p.url, { method: 'GET', headers, body: undefined, signal: p.signal });
            const judged = judgeContinuation({ status: next.status, contentRange: next.headers.get('content-range'), start: first + received, etag, nextEtag: next.headers.get('etag') });
            if (judged.verdict !== 'splice') {
              await next.body?.cancel().catch(() => undefined);
              if (judged.verdict === 'retry') continue; // counts as one more try
              return controller.error(fail(judged.message, judged.code));
            }
            reader = next.body!.getReader();
          } catch (error) {
            if (p.signal?.aborted) return controller.error(p.signal.reason);
            if (error instanceof HubError) return controller.error(error);
            // A failed continuation is one more try; loop and read from the (finished) reader again.
            reader = emptyReader();
          }
        }
      },
      cancel: (reason) => reader.cancel(reason).catch(() => undefined),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  // Bytes of files skip the fetch machinery when no fetch was given (web streams cost more than the read).
  const readRange: HttpFetch['readRange'] = params.fetch
    ? undefined
    : (p) => readHttpRange({ ...p, retry, stats, auth: params.auth, signal: anySignal(params.signal, p.signal), maxRedirects });
  return Object.assign(call, { stats, readRange }) as HttpFetch;
}

function rangeOf(header: string | null): [number, number] | undefined {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header ?? '');
  return m ? [Number(m[1]), Number(m[2]) + 1] : undefined;
}

function emptyReader(): ReadableStreamDefaultReader<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (c) => c.close() }).getReader();
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}
