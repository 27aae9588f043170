import { HttpError, SourceError } from '../errors.js';
import { normalizeEtag, parseContentRange } from '../internal/http-headers.js';
import { quoteText } from '../internal/quote-text.js';
import { type ByteSource, checkRange } from './byte-source.js';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import { type HttpClient, httpClient } from './http-client.js';
import type { HttpResponse } from './http-response.js';
import { redactUrl } from './redact-url.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Parameters of {@link httpSource}. */
export interface HttpSourceParams {
  /** The file's URL (e.g. a Hub `/resolve/{sha}/{path}` URL, which redirects to a CDN). */
  url: string | URL;
  /** The file's size, known beforehand (a Hub listing says it); every response must agree. */
  byteLength: number;
  /** What to call the source in messages. @default the URL without its query string */
  name?: string;
  /**
   * The client the reads go through: its transport, retries, deadlines, token and counters
   * (share one between the sources of a server). @default httpClient()
   */
  client?: HttpClient;
  /** The ETag every response must carry. @default the first response's ETag */
  etag?: string;
  /** Bounds the requests in flight, shared with other sources. @default no bound */
  limit?: ConcurrencyLimit;
  /** Aborts reads in progress (they reject with the signal's reason). */
  signal?: AbortSignal;
}

/** Statuses after which a remembered redirect target is dropped and the original URL asked again. */
const EXPIRED = new Set([401, 403, 404, 410]);

/**
 * A {@link ByteSource} over HTTP range requests (`Range: bytes=a-b` → `206`). The first read
 * follows the server's redirect and later reads go straight to its target (a Hub file's CDN
 * URL), falling back to the original URL if the target expires. Every response is checked: its
 * `Content-Range` must be the range asked within a file of `byteLength` bytes, and its ETag the
 * one seen first — a file that changed while being read is an {@link HttpError} with code
 * `SOURCE_CHANGED`, never bytes of two versions. Each body is written straight into one buffer
 * of the range's size. Bytes are only ever handed to decoders; no decoder is ever given the URL.
 * @throws {HttpError} (from `read`) for an error status (`HTTP 404`, its `status` set), a
 *   response that is not the range asked, and whatever the client gives up on.
 * @example
 * const source = httpSource({ url: 'http://127.0.0.1:8080/data.parquet', byteLength: 81637 });
 * const magic = await source.read(source.byteLength - 4, source.byteLength);
 */
export function httpSource(params: HttpSourceParams): ByteSource {
  checkParams('httpSource', params, keysOf<Parameters<typeof httpSource>[0]>()('url', 'byteLength', 'name', 'client', 'etag', 'limit', 'signal'));
  const original = new URL(String(params.url));
  const name = params.name ?? redactUrl(original);
  const client = params.client ?? httpClient();
  let target: URL | undefined;
  let etag = params.etag;

  /** Refuses a response that is not exactly `[start, end)` of the file opened. */
  const check = (response: HttpResponse, start: number, end: number): void => {
    const { status, header } = response;
    const fail = (message: string, code?: 'SOURCE_CHANGED') => new HttpError({ url: redactUrl(response.url), status, range: [start, end], message, code });
    if (status !== 200 && status !== 206) throw fail(`the server answered ${status} to a range request`);
    if (status === 200 && !(start === 0 && end === params.byteLength)) throw fail('the server ignored the range request (answered 200 with the whole file)');
    const contentRange = header('content-range');
    const got = parseContentRange(contentRange);
    const declared = header('content-length');
    const total = status === 206 ? got?.total : declared === null ? undefined : Number(declared);
    if (status === 206 && (!got || got.start !== start || got.end !== end - 1)) throw fail(`the server sent ${contentRange === null ? 'no Content-Range' : quoteText(contentRange, { maxChars: 80 })} instead`);
    if (total !== undefined && total !== params.byteLength) {
      throw fail(`the file is now ${total} bytes, not the ${params.byteLength} it had when opened: it changed on the server while being read; pin a revision`, 'SOURCE_CHANGED');
    }
    const tag = header('etag');
    if (tag) {
      if (etag === undefined) etag = tag;
      else if (normalizeEtag(tag) !== normalizeEtag(etag)) throw fail(`the file changed on the server while being read (ETag ${quoteText(tag, { maxChars: 80 })}, was ${quoteText(etag, { maxChars: 80 })}); pin a revision`, 'SOURCE_CHANGED');
    }
  };

  const readOnce = async (from: URL, start: number, end: number): Promise<Uint8Array | { status: number }> => {
    const response = await client.request({ url: from, headers: { range: `bytes=${start}-${end - 1}` }, signal: params.signal });
    if (!response.ok) {
      response.body.cancel();
      return { status: response.status };
    }
    // The body straight into a buffer of the range's size: no list of chunks concatenated at the
    // end (a second copy of every byte), and never more than the range holds.
    const bytes = new Uint8Array(end - start);
    let received = 0;
    try {
      check(response, start, end);
      await response.body.forEach((chunk) => {
        if (received + chunk.length > bytes.length) throw new HttpError({ url: redactUrl(response.url), status: response.status, range: [start, end], message: `got more than ${bytes.length} bytes for a ${bytes.length}-byte range` });
        bytes.set(chunk, received);
        received += chunk.length;
      });
    } catch (error) {
      response.body.cancel();
      throw error;
    }
    if (received !== bytes.length) throw new HttpError({ url: redactUrl(response.url), status: response.status, range: [start, end], message: `got ${received} bytes for a ${bytes.length}-byte range` });
    if (!target && response.url.href !== original.href) target = response.url;
    return bytes;
  };

  const read = async (start: number, end: number): Promise<Uint8Array> => {
    const bad = checkRange(source, start, end);
    if (bad) throw new SourceError({ source: name, message: bad });
    if (start === end) return new Uint8Array(0);
    let result = await readOnce(target ?? original, start, end);
    if (!(result instanceof Uint8Array) && target && EXPIRED.has(result.status)) {
      // A remembered CDN URL can expire (signed URLs do): go through the original URL again.
      target = undefined;
      result = await readOnce(original, start, end);
    }
    if (!(result instanceof Uint8Array)) throw new HttpError({ url: redactUrl(original), status: result.status, range: [start, end], message: `HTTP ${result.status}` });
    return result;
  };

  const source: ByteSource = {
    name,
    byteLength: params.byteLength,
    read: (start, end) => (params.limit ? params.limit.run(() => read(start, end)) : read(start, end)),
  };
  return source;
}
