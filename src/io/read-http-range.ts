import http from 'node:http';
import https from 'node:https';
import { HubError } from '../errors.js';
import { abortableSleep } from '../internal/abortable-sleep.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import type { HttpStats } from './http-stats.js';
import { judgeContinuation } from './judge-continuation.js';
import { redactUrl } from './redact-url.js';
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
  /** Aborts the read, also mid-body (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Redirects followed per request. */
  maxRedirects: number;
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
 * its origin, 5xx/429/408 and connection errors retried with back-off and jitter (`Retry-After`
 * honoured), a cut body continued from the byte it reached (refused if the ETag changed), the
 * same counters and messages — without web streams: at 3 MB a range, the built-in fetch and the
 * stream wrappers cost three to four times the CPU of the whole read here.
 * @throws {HubError} after the last try, or when a continuation would splice two versions of the file.
 * @internal
 */
export async function readHttpRange(params: ReadHttpRangeParams): Promise<RangeResult> {
  const { start, end, retry, stats, signal } = params;
  const length = end - start;
  const authOrigin = params.auth ? new URL(params.auth.origin).origin : undefined;

  /** One GET of `range`, redirects followed; the final response and URL. */
  const send = async (from: URL, range: string): Promise<{ response: http.IncomingMessage; url: URL }> => {
    let url = from;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { range };
      if (params.auth && url.origin === authOrigin) headers.authorization = `Bearer ${params.auth.token}`;
      stats.requests++;
      const response = await get(url, headers, signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return { response, url };
      response.resume();
      stats.redirects++;
      if (hop >= params.maxRedirects) throw new HubError({ url: redactUrl(from), status: response.statusCode, message: `more than ${params.maxRedirects} redirects` });
      url = new URL(location, url);
    }
  };

  // The first answer that is not an error to retry.
  let first: { response: http.IncomingMessage; url: URL } | undefined;
  let lastCause: unknown;
  let lastStatus: number | undefined;
  for (let attempt = 1; !first; attempt++) {
    signal?.throwIfAborted();
    let retryAfter: string | null = null;
    try {
      const sent = await send(params.url, `bytes=${start}-${end - 1}`);
      const status = sent.response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        first = sent;
        break;
      }
      sent.response.resume();
      if (!(status >= 500 || status === 429 || status === 408)) return { status };
      lastStatus = status;
      lastCause = `HTTP ${status}${sent.response.statusMessage ? ` ${sent.response.statusMessage}` : ''}`;
      retryAfter = headerOf(sent.response, 'retry-after');
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (cause instanceof HubError) throw cause;
      lastCause = cause;
      lastStatus = undefined;
    }
    const wait = waitBeforeRetry({ attempt, retryAfter, options: retry, url: redactUrl(params.url), range: [start, end], lastStatus, lastCause });
    stats.retries++;
    await abortableSleep(wait, signal);
  }

  const { url } = first;
  try {
    params.check({ status: first.response.statusCode ?? 0, url, header: (name) => headerOf(first.response, name) });
  } catch (error) {
    first.response.destroy();
    throw error;
  }
  const fail = (message: string, code?: 'SOURCE_CHANGED', cause?: unknown) => new HubError({ url: redactUrl(url), range: [start, end], code, message, cause });
  const etag = headerOf(first.response, 'etag');
  const bytes = new Uint8Array(length);
  let received = 0;
  let response: http.IncomingMessage | undefined = first.response;
  for (let tries = 1; ; ) {
    let cause: unknown;
    if (response) {
      const body = await readBody({ response, into: bytes, at: received, stats, signal });
      if (body.tooLong) throw fail(`got more than ${length} bytes for a ${length}-byte range`);
      received = body.reached;
      cause = body.cause;
    }
    if (received === length) return { bytes, url };
    // Cut short: continue from the byte reached.
    if (tries >= retry.maxTries) {
      throw fail(`gave up after ${tries} tries; the body stopped at ${received} of ${length} bytes${cause ? `: ${describeNetworkCause(cause)}` : ''}`, undefined, cause);
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
        if (judged.verdict === 'retry') continue; // one more try
        throw fail(judged.message, judged.code);
      }
      response = next;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof HubError) throw error;
      // A failed continuation is one more try.
    }
  }
}

/** A GET on the protocol's keep-alive agent; rejects on a connection error or an abort. */
function get(url: URL, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<http.IncomingMessage> {
  const protocol = url.protocol as keyof typeof AGENTS;
  if (!(protocol in AGENTS)) return Promise.reject(new HubError({ url: redactUrl(url), message: `cannot read a ${url.protocol} URL (only http: and https:)` }));
  const client = protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { agent: AGENTS[protocol], headers, signal }, resolve);
    request.on('error', reject);
  });
}

/**
 * Copies a response body into `into` from `at`. Resolves with where it stopped — at the end, or
 * where the connection was cut (with the cause) — or `tooLong` when it would overflow; rejects
 * only on abort.
 */
function readBody(params: {
  response: http.IncomingMessage;
  into: Uint8Array;
  at: number;
  stats: HttpStats;
  signal: AbortSignal | undefined;
}): Promise<{ reached: number; cause?: unknown; tooLong?: boolean }> {
  const { response, into, stats, signal } = params;
  let reached = params.at;
  return new Promise((resolve, reject) => {
    let cause: unknown;
    const onAbort = () => {
      response.destroy();
      reject(signal!.reason);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (result: { reached: number; cause?: unknown; tooLong?: boolean }) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    response.on('data', (chunk: Buffer) => {
      stats.bytes += chunk.length;
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
