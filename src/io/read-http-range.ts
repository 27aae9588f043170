import http from 'node:http';
import https from 'node:https';
import { HubError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { quoteText } from '../internal/quote-text.js';
import { DeadlineError, abortFailure, after, connectDeadline, startCall, watchTransfer } from './http-deadlines.js';
import type { HttpStats } from './http-stats.js';
import type { CallTimeouts } from './http-timeouts.js';
import { judgeContinuation } from './judge-continuation.js';
import { redactUrl } from './redact-url.js';
import { redirectTarget } from './redirect-target.js';
import type { RetryOptions } from './retry-policy.js';
import { retryDelay, waitBeforeRetry } from './retry-policy.js';

/** The status line and headers of a range response, shown to the caller before a byte of its body is taken. */
export interface RangeHead {
  /** HTTP status (2xx: redirects were followed, errors were retried or returned). */
  status: number;
  /** The URL that answered, after redirects. */
  url: URL;
  /** A response header by lower-case name; `null` when absent. */
  header(name: string): string | null;
}

/** Parameters of {@link readHttpRange}. */
export interface ReadHttpRangeParams {
  /** The file's URL. */
  url: URL;
  /** First byte. */
  start: number;
  /** One past the last byte. */
  end: number;
  /** Retry policy, complete. */
  retry: Required<RetryOptions>;
  /** Counters to add to. */
  stats: HttpStats;
  /** A bearer token and the one origin it may be sent to. */
  auth?: { origin: string; token: string };
  /** Abort the read, also mid-body (it rejects with the first one's reason). */
  signals?: (AbortSignal | undefined)[];
  /** Redirects followed per request. */
  maxRedirects: number;
  /** The deadlines of this read (of the `'file'` kind). */
  timeouts: CallTimeouts;
  /** Checks the first successful response before its body is read; throws to refuse it (not retried). */
  check(head: RangeHead): void;
}

/** The range's bytes and the URL that served them, or the status of an error that is not retried (4xx). */
export type RangeResult = { bytes: Uint8Array; url: URL } | { status: number };

/**
 * Keep-alive connections, as the built-in fetch keeps them. An idle socket is unref'd by the
 * agent, so it never keeps the process alive.
 */
const AGENTS = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Reads `[start, end)` of a URL with `Range` requests on `node:http`/`node:https`, the body
 * written straight into one buffer of the range's size. This is the hot path of every Hub byte
 * read, and it behaves as `httpFetch` does — redirects followed by hand with the token only for
 * its origin, 5xx/429/408, connection errors and timed-out attempts retried with back-off and
 * jitter (`Retry-After` honoured), a cut or stalled body continued from the byte it reached
 * (refused if the ETag changed), the same deadlines, counters and messages — without web
 * streams: at 3 MB a range, the built-in fetch and the stream wrappers cost three to four times
 * the CPU of the whole read here.
 * @throws {HubError} after the last try, when a deadline passes for good, or when a continuation
 *   would splice two versions of the file.
 * @internal
 */
export async function readHttpRange(params: ReadHttpRangeParams): Promise<RangeResult> {
  const { start, end, retry, stats, timeouts } = params;
  const length = end - start;
  const authOrigin = params.auth ? new URL(params.auth.origin).origin : undefined;
  const deadline = startCall({ signals: params.signals ?? [], timeouts });
  const { signal } = deadline;
  const range: [number, number] = [start, end];

  /** One GET of `range`, redirects followed; the final response and URL. */
  const send = async (from: URL, rangeHeader: string): Promise<{ response: http.IncomingMessage; url: URL }> => {
    const visited = new Set([from.href]);
    let url = from;
    for (;;) {
      const headers: Record<string, string> = { range: rangeHeader };
      if (params.auth && url.origin === authOrigin) headers.authorization = `Bearer ${params.auth.token}`;
      stats.requests++;
      const response = await get({ url, headers, signal, connectMs: timeouts.connectMs });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return { response, url };
      discard(response);
      stats.redirects++;
      url = redirectTarget({ start: from, from: url, location, status: response.statusCode ?? 0, visited, maxRedirects: params.maxRedirects });
    }
  };

  let lastCause: unknown;
  const aborted = () => abortFailure({ signal: signal!, url: redactUrl(params.url), range, lastCause });
  try {
    // The first answer that is not an error to retry.
    let first: { response: http.IncomingMessage; url: URL } | undefined;
    let lastStatus: number | undefined;
    for (let attempt = 1; !first; attempt++) {
      if (signal?.aborted) throw aborted();
      let retryAfter: string | null = null;
      try {
        const sent = await send(params.url, `bytes=${start}-${end - 1}`);
        const status = sent.response.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          first = sent;
          break;
        }
        discard(sent.response);
        if (!(status >= 500 || status === 429 || status === 408)) return { status };
        lastStatus = status;
        lastCause = `HTTP ${status}${sent.response.statusMessage ? ` ${quoteText(sent.response.statusMessage, { maxChars: 80 })}` : ''}`;
        retryAfter = headerOf(sent.response, 'retry-after');
      } catch (cause) {
        if (signal?.aborted) throw aborted();
        if (cause instanceof HubError) throw cause;
        lastCause = cause;
        lastStatus = undefined;
      }
      const wait = waitBeforeRetry({ attempt, retryAfter, options: retry, url: redactUrl(params.url), range, lastStatus, lastCause });
      stats.retries++;
      await abortableSleep(wait, signal).catch(() => {
        throw aborted();
      });
    }

    const { url } = first;
    try {
      params.check({ status: first.response.statusCode ?? 0, url, header: (name) => headerOf(first.response, name) });
    } catch (error) {
      first.response.destroy();
      throw error;
    }
    const fail = (message: string, extra: { code?: 'SOURCE_CHANGED'; cause?: unknown } = {}) =>
      new HubError({ url: redactUrl(url), range, deadline: extra.cause instanceof DeadlineError ? extra.cause.deadline : undefined, message, ...extra });
    const etag = headerOf(first.response, 'etag');
    const bytes = new Uint8Array(length);
    let received = 0;
    let response: http.IncomingMessage | undefined = first.response;
    for (let tries = 1; ; ) {
      if (response) {
        const body = await copyBody({ response, into: bytes, at: received, stats, signal, timeouts }).catch((error) => {
          throw signal?.aborted ? aborted() : error;
        });
        if (body.tooLong) throw fail(`got more than ${length} bytes for a ${length}-byte range`);
        received = body.reached;
        lastCause = body.cause;
      }
      if (received === length) return { bytes, url };
      // Cut short or stalled: continue from the byte reached.
      if (tries >= retry.maxTries) {
        throw fail(`gave up after ${tries} tries; the body stopped at ${received} of ${length} bytes${lastCause ? `: ${describeNetworkCause(lastCause)}` : ''}`, { cause: lastCause });
      }
      const wait = retryDelay({ attempt: tries, retryAfter: null, options: retry });
      tries++;
      stats.retries++;
      stats.resumed++;
      response = undefined;
      try {
        await abortableSleep(wait ?? 0, signal);
        const { response: next } = await send(url, `bytes=${start + received}-${end - 1}`);
        const judged = judgeContinuation({ status: next.statusCode ?? 0, contentRange: headerOf(next, 'content-range'), start: start + received, etag, nextEtag: headerOf(next, 'etag') });
        if (judged.verdict !== 'splice') {
          next.destroy();
          if (judged.verdict === 'refuse') throw fail(judged.message, { code: judged.code });
          lastCause = `HTTP ${next.statusCode}`; // one more try
          continue;
        }
        response = next;
      } catch (error) {
        if (signal?.aborted) throw aborted();
        if (error instanceof HubError) throw error;
        lastCause = error; // a failed continuation is one more try
      }
    }
  } finally {
    deadline.end();
  }
}

/**
 * A GET on the protocol's keep-alive agent; rejects on a connection error, an abort, or no
 * response headers within `connectMs` (a {@link DeadlineError}, retried by the caller).
 */
function get(p: { url: URL; headers: Record<string, string>; signal: AbortSignal | undefined; connectMs: number }): Promise<http.IncomingMessage> {
  const { url } = p;
  const protocol = url.protocol as keyof typeof AGENTS;
  if (!(protocol in AGENTS)) return Promise.reject(new HubError({ url: redactUrl(url), message: `cannot read a ${url.protocol} URL (only http: and https:)` }));
  const client = protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let cancel = () => {};
    const request = client.get(url, { agent: AGENTS[protocol], headers: p.headers, signal: p.signal }, (response) => {
      cancel();
      resolve(response);
    });
    cancel = after(p.connectMs, () => request.destroy(connectDeadline(p.connectMs)));
    request.on('error', (error) => {
      cancel();
      reject(error);
    });
  });
}

/**
 * Throws a response's body away. A small one is read to its end so the keep-alive connection
 * can serve again; one that is large, of unknown length or slow (a hostile redirect that trickles
 * forever) closes its connection instead.
 */
function discard(response: http.IncomingMessage): void {
  if (response.complete) return;
  const length = Number(response.headers['content-length']);
  if (!(length <= 64 * 1024)) return void response.destroy();
  response.resume();
  const cancel = after(1000, () => response.destroy());
  response.once('close', cancel);
}

/**
 * Copies a response body into `into` from `at`, under the idle and rate deadlines. Resolves with
 * where it stopped — at the end, or where the connection was cut or stalled (with the cause) —
 * or `tooLong` when it would overflow; rejects only on abort.
 */
function copyBody(params: {
  response: http.IncomingMessage;
  into: Uint8Array;
  at: number;
  stats: HttpStats;
  signal: AbortSignal | undefined;
  timeouts: CallTimeouts;
}): Promise<{ reached: number; cause?: unknown; tooLong?: boolean }> {
  const { response, into, stats, signal } = params;
  let reached = params.at;
  return new Promise((resolve, reject) => {
    let cause: unknown;
    // The body is read as it comes (flowing), so the reader is always waiting: wall time counts.
    const watch = watchTransfer({ timeouts: params.timeouts, onExpire: (error) => response.destroy(error) });
    const onAbort = () => {
      watch.stop();
      response.destroy();
      reject(signal!.reason);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (result: { reached: number; cause?: unknown; tooLong?: boolean }) => {
      watch.stop();
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    watch.waiting();
    response.on('data', (chunk: Buffer) => {
      stats.bytes += chunk.length;
      watch.got(chunk.length);
      if (reached + chunk.length > into.length) {
        response.destroy();
        return settle({ reached, tooLong: true });
      }
      into.set(chunk, reached);
      reached += chunk.length;
    });
    response.on('error', (error) => {
      cause = error;
    });
    // 'close' comes last, after 'end' or after a cut; `complete` tells them apart.
    response.on('close', () => settle(response.complete ? { reached } : { reached, cause: cause ?? new Error('the connection closed before the body ended') }));
  });
}

function headerOf(response: http.IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}
