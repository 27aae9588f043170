import { HubError, SourceError } from '../errors.js';
import { normalizeEtag, parseContentRange } from '../internal/http-headers.js';
import { quoteText } from '../internal/quote-text.js';
import { type ByteSource, checkRange } from './byte-source.js';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import { type HttpFetch, httpFetch } from './http-fetch.js';
import type { RangeHead } from './read-http-range.js';
import { redactUrl } from './redact-url.js';

/** Parameters of {@link httpSource}. */
export interface HttpSourceParams {
  /** The file's URL (e.g. a Hub `/resolve/{sha}/{path}` URL, which redirects to a CDN). */
  url: string | URL;
  /** The file's size, known beforehand (a Hub listing says it); every response must agree. */
  byteLength: number;
  /** What to call the source in messages. @default the URL without its query string */
  name?: string;
  /**
   * The fetch to use; {@link httpFetch} gives retries, auth by origin and counters (and, made
   * without a fetch of its own, reads bytes on `node:http`, without web streams). @default httpFetch()
   */
  fetch?: typeof globalThis.fetch;
  /** The ETag every response must carry. @default the first response's ETag */
  etag?: string;
  /** Bounds the requests in flight, shared with other sources. @default no bound */
  limit?: ConcurrencyLimit;
  /** Aborts reads in progress (they reject with the signal's reason). */
  signal?: AbortSignal;
  /** Words an HTTP error status for the user (e.g. "gated repo: set HF_TOKEN"). */
  describeStatus?: (status: number) => string | undefined;
}

/**
 * A {@link ByteSource} over HTTP range requests (`Range: bytes=a-b` → `206`). The first read
 * follows the server's redirect and later reads go straight to its target (a Hub file's CDN
 * URL), falling back to the original URL if the target expires. Every response is checked: its
 * `Content-Range` must be the range asked within a file of `byteLength` bytes, and its ETag the
 * one seen first — a file that changed while being read is a {@link HubError} with code
 * `SOURCE_CHANGED`, never bytes of two versions. Bytes are only ever handed to decoders;
 * no decoder is ever given the URL.
 * @example
 * const source = httpSource({ url: 'http://127.0.0.1:8080/data.parquet', byteLength: 81637 });
 * const magic = await source.read(source.byteLength - 4, source.byteLength);
 */
export function httpSource(params: HttpSourceParams): ByteSource {
  const original = new URL(String(params.url));
  const name = params.name ?? redactUrl(original);
  const f: typeof globalThis.fetch & Partial<Pick<HttpFetch, 'readRange'>> = params.fetch ?? httpFetch();
  let target: URL | undefined;
  let etag = params.etag;

  /** Refuses a response that is not exactly `[start, end)` of the file opened. */
  const check = (head: RangeHead, start: number, end: number): void => {
    const fail = (message: string, code?: 'SOURCE_CHANGED') => new HubError({ url: redactUrl(head.url), status: head.status, range: [start, end], message, code });
    if (head.status === 200 && !(start === 0 && end === params.byteLength)) throw fail('the server ignored the range request (answered 200 with the whole file)');
    const contentRange = head.header('content-range');
    const got = parseContentRange(contentRange);
    const total = head.status === 206 ? got?.total : Number(head.header('content-length'));
    if (head.status === 206 && (!got || got.start !== start || got.end !== end - 1)) throw fail(`the server sent ${contentRange === null ? 'no Content-Range' : quoteText(contentRange, { maxChars: 80 })} instead`);
    if (total !== undefined && total !== params.byteLength) {
      throw fail(`the file is now ${total} bytes, not the ${params.byteLength} it had when opened: it changed on the server while being read; pin a revision`, 'SOURCE_CHANGED');
    }
    const tag = head.header('etag');
    if (tag) {
      if (etag === undefined) etag = tag;
      else if (normalizeEtag(tag) !== normalizeEtag(etag)) throw fail(`the file changed on the server while being read (ETag ${quoteText(tag, { maxChars: 80 })}, was ${quoteText(etag, { maxChars: 80 })}); pin a revision`, 'SOURCE_CHANGED');
    }
  };

  const remember = (final: URL): void => {
    if (!target && final.href !== original.href) target = final;
  };

  const readOnce = async (from: URL, start: number, end: number): Promise<Uint8Array | { status: number }> => {
    if (f.readRange) {
      const result = await f.readRange({ url: from, start, end, signal: params.signal, check: (head) => check(head, start, end) });
      if ('bytes' in result) remember(result.url);
      return 'bytes' in result ? result.bytes : result;
    }
    const response = await f(from, { headers: { range: `bytes=${start}-${end - 1}` }, signal: params.signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status };
    }
    try {
      check({ status: response.status, url: from, header: (name) => response.headers.get(name) }, start, end);
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      throw error;
    }
    const fail = (message: string) => new HubError({ url: redactUrl(from), status: response.status, range: [start, end], message });
    // The body straight into a buffer of the range's size: no list of chunks concatenated at the
    // end (a second copy of every byte), and never more than the range held.
    const bytes = new Uint8Array(end - start);
    let received = 0;
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (received + chunk.length > bytes.length) {
          await response.body.cancel().catch(() => undefined);
          throw fail(`got more than ${end - start} bytes for a ${end - start}-byte range`);
        }
        bytes.set(chunk, received);
        received += chunk.length;
      }
    }
    if (received !== end - start) throw fail(`got ${received} bytes for a ${end - start}-byte range`);
    if (response.url) remember(new URL(response.url));
    return bytes;
  };

  const read = async (start: number, end: number): Promise<Uint8Array> => {
    const bad = checkRange(source, start, end);
    if (bad) throw new SourceError({ source: name, message: bad });
    if (start === end) return new Uint8Array(0);
    let result = await readOnce(target ?? original, start, end);
    if (!(result instanceof Uint8Array) && target && [401, 403, 404, 410].includes(result.status)) {
      // A remembered CDN URL can expire (signed URLs do): go through the original URL again.
      target = undefined;
      result = await readOnce(original, start, end);
    }
    if (!(result instanceof Uint8Array)) {
      const hint = params.describeStatus?.(result.status);
      throw new HubError({ url: redactUrl(original), status: result.status, range: [start, end], message: `HTTP ${result.status}${hint ? `: ${hint}` : ''}` });
    }
    return result;
  };

  const source: ByteSource = {
    name,
    byteLength: params.byteLength,
    read: (start, end) => (params.limit ? params.limit.run(() => read(start, end)) : read(start, end)),
  };
  return source;
}
