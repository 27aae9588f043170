import { HubError } from '../errors.js';
import { redactUrl } from '../io/redact-url.js';

/** Parameters of {@link readHubJson}. */
export interface ReadHubJsonParams {
  /** The fetch to use (an `httpFetch`: retries, deadlines, the token only for the Hub's origin). */
  fetch: typeof globalThis.fetch;
  /** The API URL. */
  url: string;
  /** Refuse bodies larger than this (checked against Content-Length first, then while reading). */
  maxBytes: number;
  /** Words an HTTP error status for the user (what to do about it). */
  describeStatus: (status: number) => string;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** Longest piece of a server's error body quoted in a message. */
const QUOTED_CHARS = 200;

/**
 * GETs a Hub API URL and parses its JSON body, read into memory only up to `maxBytes` (a listing
 * or a revision sent as an endless body is refused as soon as it passes the cap, never buffered
 * until the process dies). An error status is a {@link HubError} with the status, the advice of
 * `describeStatus` and at most 200 characters of the server's own message.
 * @throws {HubError} for an error status, a body over the cap, or a body that is not JSON.
 * @internal
 */
export async function readHubJson(params: ReadHubJsonParams): Promise<{ value: unknown; headers: Headers }> {
  const { url, maxBytes } = params;
  const shown = redactUrl(url);
  const response = await params.fetch(url, { headers: { accept: 'application/json' }, signal: params.signal });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes && response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new HubError({ url: shown, status: response.status, message: `the response declares ${declared} bytes, more than the ${maxBytes} allowed for it` });
  }
  const bytes = await readCapped(response, response.ok ? maxBytes : 64 * 1024, shown);
  const text = new TextDecoder().decode(bytes);
  if (!response.ok) {
    const said = serverMessage(text);
    throw new HubError({ url: shown, status: response.status, message: `${params.describeStatus(response.status)} (HTTP ${response.status})${said ? `: the server said: ${said}` : ''}` });
  }
  try {
    return { value: JSON.parse(text) as unknown, headers: response.headers };
  } catch {
    throw new HubError({ url: shown, status: response.status, message: `the response is not JSON (it starts ${JSON.stringify(text.slice(0, 40))})` });
  }
}

/** The body, refused (and cancelled) once it passes `maxBytes`. An error body is cut, not refused. */
async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      if (!response.ok) break;
      throw new HubError({ url, status: response.status, message: `the response is longer than the ${maxBytes} bytes allowed for it` });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(Math.min(total, maxBytes));
  let at = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, out.length - at), at);
    at += Math.min(c.length, out.length - at);
  }
  return out;
}

/** The `error` field of a JSON error body, or the text itself; one line, at most 200 characters. */
function serverMessage(text: string): string {
  let said = text;
  try {
    const value = JSON.parse(text) as { error?: unknown };
    if (typeof value?.error === 'string') said = value.error;
  } catch {
    // not JSON: the text as it is
  }
  const line = said.replace(/\s+/g, ' ').trim();
  return line.length > QUOTED_CHARS ? `${line.slice(0, QUOTED_CHARS)}…` : line;
}
