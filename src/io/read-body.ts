import { DiffsegError, HttpError } from '../errors.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { redactUrl } from './redact-url.js';
import { checkParams, keysOf } from '../internal/check-params.js';

const MiB = 1024 * 1024;

/**
 * The most a body read whole may hold, by what it is. A hostile or broken server can send an
 * endless body; these bounds stop it long before memory does, and sit far above what the Hub
 * sends (a dataset card is a few KiB, a listing page of 1,000 files a few hundred KiB).
 */
export const BODY_LIMITS = Object.freeze({
  /** A JSON answer of the Hub's API (a revision lookup, paths-info): 16 MiB. */
  json: 16 * MiB,
  /** A dataset card (`README.md`): 16 MiB. */
  card: 16 * MiB,
  /** One page of a repo's tree listing: 64 MiB. */
  listingPage: 64 * MiB,
});

/** Parameters of {@link readBody}. */
export interface ReadBodyParams {
  /** The response whose body to read (e.g. from an `httpClient`'s `fetch`, whose deadlines apply to the body). */
  response: Response;
  /** The most bytes accepted: more is refused as soon as it comes (or is announced). */
  maxBytes: number;
  /** The URL for messages (its query string is never shown). @default response.url */
  url?: string | URL;
  /** What the body is, for messages ("dataset card", "listing page"). @default 'body' */
  what?: string;
  /** The signal the request was made with: once it aborted, its reason is rethrown as it is. */
  signal?: AbortSignal;
}

/**
 * Reads a response body into one `Uint8Array`, refusing it — with an {@link HttpError}, the body
 * cancelled so its connection closes — as soon as more than `maxBytes` came, or at once when its
 * `Content-Length` says so. Use it for everything read whole (JSON, cards, listing pages), with
 * a bound from {@link BODY_LIMITS}; stream files with `downloadToFile` instead.
 * @throws {HttpError} for a body too large, or one that failed (a deadline, a cut connection).
 * @example
 * const response = await f(`${endpoint}/api/datasets/${repo}/revision/main`, { kind: 'api' });
 * const bytes = await readBody({ response, maxBytes: BODY_LIMITS.json });
 */
export async function readBody(params: ReadBodyParams): Promise<Uint8Array> {
  checkParams('readBody', params, keysOf<Parameters<typeof readBody>[0]>()('response', 'maxBytes', 'url', 'what', 'signal'));
  const { response, maxBytes } = params;
  const url = redactUrl(params.url ?? (response.url || '(response)'));
  const what = params.what ?? 'body';
  const tooLarge = (size: string) =>
    new HttpError({ url, status: response.status, message: `the ${what} is ${size}, more than the ${maxBytes} bytes it may be; refused` });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isSafeInteger(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(`${declared} bytes (its Content-Length)`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge(`more than ${maxBytes} bytes (${total} came so far)`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DiffsegError || params.signal?.aborted) throw error;
    throw new HttpError({ url, status: response.status, message: `reading the ${what} failed: ${describeNetworkCause(error)}`, cause: error });
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
