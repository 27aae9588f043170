import { validateHeaderName, validateHeaderValue } from 'node:http';
import { ArgumentError, DiffsegError, HttpError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { parseContentRange } from '../internal/http-headers.js';
import { quoteText } from '../internal/quote-text.js';
import { type Attempt, type CallDeadline, DeadlineError, abortFailure, after, connectDeadline, startAttempt, startCall, watchTransfer } from './http-deadlines.js';
import type { HttpStats } from './http-stats.js';
import { type CallTimeouts, type HttpTimeouts, type RequestKind, callTimeouts, checkTimeouts } from './http-timeouts.js';
import type { BodyEnd, HttpTransport, TransportBody, TransportResponse } from './http-transport.js';
import { fetchTransport } from './fetch-transport.js';
import { judgeContinuation } from './judge-continuation.js';
import { nodeTransport } from './node-transport.js';
import { redactUrl } from './redact-url.js';
import { redirectTarget } from './redirect-target.js';
import { DEFAULT_RETRY, type RetryOptions, retryDelay, waitBeforeRetry } from './retry-policy.js';
import type { HttpBody, HttpResponse } from './http-response.js';
import { webResponse } from './web-response.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Parameters of {@link httpClient}. */
export interface HttpClientParams {
  /**
   * The transport. Given a `fetch`, every request goes through it (a proxy's, a mock's, one that
   * adds headers …), with `redirect: 'manual'` so that redirects are still followed here. Without
   * one, requests go over `node:http`/`node:https` with keep-alive connections and bodies are
   * read without web streams (the client's `transport` says which). Every policy below is the
   * same over both. @default node:http(s)
   */
  fetch?: typeof globalThis.fetch;
  /** Retry policy for 5xx, 429, 408, connection errors, timed-out attempts and cut bodies. @default DEFAULT_RETRY */
  retry?: RetryOptions;
  /**
   * Deadlines of every request of this client (each request may override them with its own
   * `timeouts`). @default DEFAULT_TIMEOUTS
   */
  timeouts?: HttpTimeouts;
  /** Counters to add to. @default fresh counters, exposed as `stats` */
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
  /** Aborts every request of this client (combined with each request's own signal). */
  signal?: AbortSignal;
  /** Redirects followed per request. @default 5 */
  maxRedirects?: number;
}

/** One request of an {@link HttpClient}. */
export interface HttpRequest {
  /** An `http:` or `https:` URL. */
  url: string | URL;
  /** @default 'GET' */
  method?: string;
  /**
   * Request headers. An `Authorization` header is dropped (the client adds its own token where
   * it may go); without an `Accept-Encoding`, `identity` is asked, so that lengths and ranges are
   * of the bytes as stored.
   */
  headers?: HeadersInit;
  /** The request body, sent again with every retry and redirect that keeps the method. */
  body?: Uint8Array | string;
  /**
   * `'api'` for a small API request (JSON, a card): its total deadline is `apiTotalMs`;
   * `'file'` for a file transfer (a range, a download): `totalMs`. @default 'file'
   */
  kind?: RequestKind;
  /** This request's deadlines, over the client's. */
  timeouts?: HttpTimeouts;
  /** Aborts this request, also mid-body (it rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** What one call of an {@link HttpClient}'s `fetch` takes: a `RequestInit`, plus what its deadlines are. */
export interface HttpRequestInit extends RequestInit {
  /** See {@link HttpRequest.kind}. @default 'file' */
  kind?: RequestKind;
  /** This call's deadlines, over the client's. */
  timeouts?: HttpTimeouts;
}

/** An HTTP client with retries, deadlines, origin-bound auth, resumable bodies and counters. */
export interface HttpClient {
  /** The transport every request goes over: `'fetch'` when one was given, else `'node:http'`. */
  readonly transport: 'node:http' | 'fetch';
  /** Requests, retries, redirects, continued bodies and bytes so far. */
  readonly stats: HttpStats;
  /**
   * Sends a request: redirects followed by hand, errors that may pass retried. Resolves with the
   * first answer that is not one to retry — a 2xx, or a 4xx other than 408 and 429 for the
   * caller to word — once its headers came; read or cancel its body.
   * @throws {HttpError} after the last try, when a deadline passes for good, for a redirect that
   *   may not be followed, or an answer with a status HTTP does not define.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /**
   * The same as a `fetch`-compatible function (it needs no `this`, so it can be passed on as a
   * `fetch`): a web `Response` whose body is under the same deadlines and is continued the same.
   */
  fetch(input: string | URL | Request, init?: HttpRequestInit): Promise<Response>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses a request is sent again for: they say "not now", not "no". */
const retried = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * Makes the HTTP client everything in the package talks to servers with — one policy over two
 * transports (`node:http`, or a `fetch` given in `params`). It survives what networks and
 * hostile servers do: a 5xx, a 429 (its `Retry-After` honoured), a 408, a reset connection or a
 * timed-out attempt is retried with exponential back-off and jitter; a GET body cut short or
 * stalled is continued from the byte it reached with a range request (refused if the ETag
 * changed); redirects are followed by hand (`http:`/`https:` only, loops refused) so the token
 * goes only to its origin. Every request has deadlines (see {@link HttpTimeouts}): no headers
 * within `connectMs`, no body byte for `idleMs`, a body slower than `minBytesPerSecond`, and a
 * total per call (`apiTotalMs` for `kind: 'api'`, none for file transfers by default). After
 * `maxTries`, or when the total deadline passes, it throws an {@link HttpError} naming the URL
 * (without its query string), the range, the deadline that passed and the last cause. Aborting
 * a signal rejects with its reason, also mid-body.
 *
 * @example
 * const client = httpClient({ auth: { origin: 'https://huggingface.co', token: process.env.HF_TOKEN! } });
 * const response = await client.fetch('https://huggingface.co/api/datasets/org/name/revision/main', { kind: 'api' });
 * const info = await readJson({ response, maxBytes: BODY_LIMITS.json });
 * const source = httpSource({ url: 'https://example.org/data.parquet', byteLength: 81_637, client });
 * console.log(client.stats.requests, client.stats.retries);
 */
export function httpClient(params: HttpClientParams = {}): HttpClient {
  checkParams('httpClient', params, keysOf<HttpClientParams>()('fetch', 'retry', 'timeouts', 'stats', 'auth', 'signal', 'maxRedirects'));
  const bad = checkTimeouts(params.timeouts);
  if (bad) throw new ArgumentError({ message: `httpClient: ${bad}` });
  const transport: HttpTransport = params.fetch ? fetchTransport({ fetch: params.fetch }) : nodeTransport();
  const stats: HttpStats = params.stats ?? { requests: 0, bytes: 0, retries: 0, redirects: 0, resumed: 0 };
  const retry = { ...DEFAULT_RETRY, ...params.retry };
  const maxRedirects = params.maxRedirects ?? 5;
  const auth = params.auth ? { origin: new URL(params.auth.origin).origin, header: `Bearer ${params.auth.token}` } : undefined;
  /** The deadlines of a request that brings none of its own, by kind (worked out once). */
  const byKind = { file: callTimeouts({ fetchWide: params.timeouts, kind: 'file' }), api: callTimeouts({ fetchWide: params.timeouts, kind: 'api' }) };

  /** One request, redirects followed by hand; the answer that is not a redirect, and its URL. */
  const send = async (start: URL, p: { method: string; headers: Record<string, string>; body: Uint8Array | string | undefined; attempt: Attempt; connectMs: number }) => {
    const visited = new Set([start.href]);
    let url = start;
    let { method, body } = p;
    for (;;) {
      const headers = auth && url.origin === auth.origin ? { ...p.headers, authorization: auth.header } : p.headers;
      stats.requests++;
      const cancel = after(p.connectMs, () => p.attempt.expire(connectDeadline(p.connectMs)));
      let response: TransportResponse;
      try {
        response = await transport.send({ url, method, headers, body, attempt: p.attempt });
      } finally {
        cancel();
      }
      const location = response.header('location');
      if (!REDIRECTS.has(response.status) || !location) return { response, url };
      response.body.discard();
      stats.redirects++;
      url = redirectTarget({ start, from: url, location, status: response.status, visited, maxRedirects });
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
      }
    }
  };

  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = urlOf(req.url);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ArgumentError({ message: `httpClient: cannot request ${redactUrl(String(req.url))}: only http: and https: URLs` });
    const badTimeouts = checkTimeouts(req.timeouts);
    if (badTimeouts) throw new ArgumentError({ message: `httpClient: ${redactUrl(url)}: ${badTimeouts}` });
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = requestHeaders(req.headers, url);
    const timeouts = req.timeouts === undefined ? byKind[req.kind ?? 'file'] : callTimeouts({ fetchWide: params.timeouts, call: req.timeouts, kind: req.kind });
    const deadline = startCall({ signals: [params.signal, req.signal], timeouts });
    const { signal } = deadline;
    const range = rangeOf(headers.range);
    // Only failures name the URL: redacted when one does (it costs microseconds per request).
    const where = lazy(() => redactUrl(url));
    let lastCause: unknown;
    let lastStatus: number | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw abortFailure({ signal, url: where(), range, lastCause });
        let retryAfter: string | null = null;
        const current = startAttempt(signal);
        try {
          const sent = await send(url, { method, headers, body: req.body, attempt: current, connectMs: timeouts.connectMs });
          const { status } = sent.response;
          if (status < 200 || status > 599) {
            sent.response.body.discard();
            throw new HttpError({ url: redactUrl(sent.url), status, message: `the server answered with status ${status}, which HTTP does not define` });
          }
          // The body's end (or its cancel) ends the attempt and the call's deadline.
          if (!retried(status)) return answer({ ...sent, method, headers, attempt: current, deadline, timeouts, range });
          lastStatus = status;
          const text = sent.response.statusText;
          lastCause = `HTTP ${status}${text ? ` ${quoteText(text, { maxChars: 80 })}` : ''}`;
          retryAfter = sent.response.header('retry-after');
          sent.response.body.discard();
          current.end();
        } catch (cause) {
          current.end();
          if (signal?.aborted) throw abortFailure({ signal, url: where(), range, lastCause });
          if (cause instanceof DiffsegError) throw cause;
          lastCause = cause;
          lastStatus = undefined;
        }
        const wait = waitBeforeRetry({ attempt, retryAfter, options: retry, url: where(), range, lastStatus, lastCause });
        stats.retries++;
        await abortableSleep(wait, signal).catch(() => {
          throw abortFailure({ signal: signal!, url: where(), range, lastCause });
        });
      }
    } catch (error) {
      deadline.end();
      throw error;
    }
  };

  /**
   * The answer with its body guarded: counted, under the idle and rate deadlines, and — for a
   * GET of a known length — continued when the connection drops or stalls before
   * `Content-Length` bytes came (`Range: bytes=<reached>-<end>`), refusing a continuation whose
   * ETag or position differs, which would splice two versions of a file.
   */
  const answer = (p: {
    response: TransportResponse;
    url: URL;
    method: string;
    headers: Record<string, string>;
    attempt: Attempt;
    deadline: CallDeadline;
    timeouts: CallTimeouts;
    range: [number, number] | undefined;
  }): HttpResponse => {
    const { response, url, deadline, timeouts } = p;
    const { status } = response;
    const callSignal = deadline.signal;
    const bodyless = p.method === 'HEAD' || status === 204 || status === 304;
    // A fetch decodes a compressed body, so its Content-Length (of the encoded bytes) says nothing
    // of what is delivered; identity is asked for, but a server may send it anyway.
    const encoded = (response.header('content-encoding') ?? 'identity').trim().toLowerCase() !== 'identity';
    const length = bodyless || encoded ? NaN : Number(response.header('content-length') ?? NaN);
    const known = Number.isSafeInteger(length) && length >= 0;
    const resumable = p.method === 'GET' && status >= 200 && status < 300 && known;
    const contentRange = parseContentRange(response.header('content-range'));
    const first = status === 206 && contentRange ? contentRange.start : 0;
    const range: [number, number] | undefined = resumable ? [first, first + length] : p.range;
    const etag = response.header('etag');
    const where = lazy(() => redactUrl(url));
    const fail = (message: string, extra: { code?: 'SOURCE_CHANGED'; cause?: unknown } = {}) =>
      new HttpError({ url: where(), status, range, deadline: extra.cause instanceof DeadlineError ? extra.cause.deadline : undefined, message, ...extra });
    let attempt = p.attempt;
    let state: 'unread' | 'reading' | 'over' = 'unread';
    let cancelled = false;
    const finish = () => {
      state = 'over';
      attempt.end();
      deadline.end();
    };

    const forEach = async (onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<void> => {
      if (state !== 'unread') throw new ArgumentError({ message: `httpClient: the body of ${where()} was already read or cancelled` });
      state = 'reading';
      let received = 0;
      let tries = 1;
      let cause: unknown;

      /** One connection's body through `onChunk`, under the idle and rate deadlines of this attempt. */
      const pumpOnce = async (body: TransportBody): Promise<BodyEnd> => {
        const a = attempt;
        const watch = watchTransfer({ timeouts, onExpire: (error) => a.expire(error) });
        // An attempt that ends (a deadline, the call's signal, a cancel) stops its body at once.
        const unlink = a.onAbort((reason) => body.destroy(reason));
        watch.waiting();
        try {
          return await body.pump((chunk) => {
            const n = chunk.byteLength;
            received += n;
            stats.bytes += n;
            watch.got(n);
            if (known && received > length) throw fail(`the body is longer than its Content-Length ${length}`);
            const later = onChunk(chunk);
            if (!later) return;
            watch.away();
            return later.then(() => watch.waiting());
          });
        } finally {
          watch.stop();
          unlink();
        }
      };

      try {
        let body: TransportBody | undefined = response.body;
        for (;;) {
          if (body) {
            const end = await pumpOnce(body);
            if (cancelled || (end.complete && (!known || received === length))) return;
            if (callSignal?.aborted) throw abortFailure({ signal: callSignal, url: where(), range, lastCause: end.cause });
            cause = end.cause;
          }
          const stopped = `the body stopped at ${received}${known ? ` of ${length}` : ''} bytes${cause ? `: ${describeNetworkCause(cause)}` : ''}`;
          if (!resumable) throw fail(stopped, { cause });
          if (tries >= retry.maxTries) throw fail(`gave up after ${tries} tries; ${stopped}`, { cause });
          // Cut short or stalled: continue from the byte reached, on a new connection.
          const wait = retryDelay({ attempt: tries, retryAfter: null, options: retry }) ?? 0;
          tries++;
          stats.retries++;
          stats.resumed++;
          body = undefined;
          attempt.end();
          attempt = startAttempt(callSignal);
          try {
            await abortableSleep(wait, attempt.signal);
            const headers = { ...p.headers, range: `bytes=${first + received}-${first + length - 1}` };
            const { response: next } = await send(url, { method: 'GET', headers, body: undefined, attempt, connectMs: timeouts.connectMs });
            const judged = judgeContinuation({ status: next.status, contentRange: next.header('content-range'), start: first + received, etag, nextEtag: next.header('etag') });
            if (judged.verdict === 'splice') {
              body = next.body;
              cause = undefined;
              continue;
            }
            next.body.discard();
            if (judged.verdict === 'refuse') throw fail(judged.message, { code: judged.code });
            cause = `HTTP ${next.status}`; // one more try
          } catch (error) {
            if (cancelled) return;
            if (callSignal?.aborted) throw abortFailure({ signal: callSignal, url: where(), range, lastCause: cause });
            if (error instanceof DiffsegError) throw error;
            cause = error; // a failed continuation is one more try
          }
        }
      } finally {
        finish();
      }
    };

    const cancel = () => {
      if (state === 'over') return;
      if (state === 'unread') {
        response.body.discard();
        return finish();
      }
      cancelled = true;
      attempt.expire(new Error('the body was cancelled'));
    };

    return new Answer(response, url, { forEach, cancel });
  };

  /** `fetch` on top of `request`: a request body of any kind is read into bytes first, so it can be sent again. */
  const fetch = async (input: string | URL | Request, init: HttpRequestInit = {}): Promise<Response> => {
    const given = input instanceof Request ? input : undefined;
    const url = given ? given.url : String(input);
    const method = init.method ?? given?.method ?? 'GET';
    const headers = new Headers(init.headers ?? given?.headers);
    let body: Uint8Array | undefined;
    const rawBody = init.body ?? given?.body;
    if (rawBody != null) {
      const staged = new Request(url, { method, headers, body: rawBody, duplex: 'half' } as RequestInit);
      body = new Uint8Array(await staged.arrayBuffer());
      const type = staged.headers.get('content-type');
      if (type && !headers.has('content-type')) headers.set('content-type', type);
    }
    const response = await request({ url, method, headers, body, kind: init.kind, timeouts: init.timeouts, signal: init.signal ?? given?.signal ?? undefined });
    return webResponse(response);
  };

  return { transport: transport.kind, stats, request, fetch };
}

/** An {@link HttpResponse}; a class, since an object literal with a getter costs microseconds more each. */
class Answer implements HttpResponse {
  private all: Headers | undefined;
  readonly status: number;
  readonly statusText: string;

  constructor(
    private readonly response: TransportResponse,
    readonly url: URL,
    readonly body: HttpBody,
  ) {
    this.status = response.status;
    this.statusText = response.statusText;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    return (this.all ??= this.response.headers());
  }

  /** Bound, so it can be taken off the response. */
  readonly header = (name: string): string | null => this.response.header(name.toLowerCase());
}

/** `make()`, called once, when first asked. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The caller's headers as a record: names in lower case, no `Authorization`, `identity` encoding unless asked otherwise. */
function requestHeaders(init: HeadersInit | undefined, url: URL): Record<string, string> {
  const headers: Record<string, string> = {};
  try {
    if (init !== undefined && !isRecord(init)) {
      new Headers(init).forEach((value, name) => {
        headers[name] = value;
      });
    } else if (init !== undefined) {
      // A plain record (what the package passes on every range read) is checked as node:http
      // checks it. Not through `Headers`: in Node 20 its first use loads undici, after which the
      // same range reads ran three to six times the major GCs (docs/dependencies.md).
      for (const [name, value] of Object.entries(init)) {
        validateHeaderName(name);
        validateHeaderValue(name, value);
        headers[name.toLowerCase()] = value.trim();
      }
    }
  } catch (cause) {
    // Checked here, once: a transport refusing them would be retried as if the network failed.
    throw new ArgumentError({ message: `httpClient: ${redactUrl(url)}: headers that cannot be sent (${(cause as Error).message})`, cause });
  }
  delete headers.authorization;
  headers['accept-encoding'] ??= 'identity';
  return headers;
}

/** A plain object of header names and values (not a `Headers`, not a list of pairs). */
function isRecord(init: HeadersInit): init is Record<string, string> {
  const proto: unknown = Object.getPrototypeOf(init);
  return proto === Object.prototype || proto === null;
}

function urlOf(value: string | URL): URL | undefined {
  if (value instanceof URL) return value; // never changed here, so not copied
  try {
    return new URL(String(value));
  } catch {
    return undefined;
  }
}

function rangeOf(header: string | undefined): [number, number] | undefined {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header ?? '');
  return m ? [Number(m[1]), Number(m[2]) + 1] : undefined;
}
