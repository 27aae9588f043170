import { HubError } from '../errors.js';
import type { HttpClient } from '../io/http-client.js';
import { quoteBody } from '../io/quote-body.js';
import { readJson } from '../io/read-json.js';
import { redactUrl } from '../io/redact-url.js';
import { hubErrorOf } from './hub-error-of.js';

/** Parameters of {@link readHubJson}. */
export interface ReadHubJsonParams {
  /** The client to use: retries, deadlines, the token only for the Hub's origin. */
  client: HttpClient;
  /** The API URL. */
  url: string;
  /** Refuse bodies larger than this (checked against Content-Length first, then while reading). */
  maxBytes: number;
  /** What the answer is, for messages ("revision", "tree listing page"). */
  what: string;
  /** Words an HTTP error status for the user (what to do about it). */
  describeStatus: (status: number) => string;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/**
 * GETs a Hub API URL as an API call (its total deadline applies) and parses its JSON body, read
 * only up to `maxBytes`: a listing or a revision sent as an endless body is refused as soon as it
 * passes the cap. An error status is a {@link HubError} with the status, the advice of
 * `describeStatus` and a short, redacted quote of the server's own message; a failure of the
 * HTTP layer (tries spent, a deadline, a body over the cap or not JSON) is a HubError with the
 * `HttpError` as its cause.
 * @throws {HubError} for an error status, a body over the cap or cut, or a body that is not JSON.
 * @internal
 */
export async function readHubJson(params: ReadHubJsonParams): Promise<{ value: unknown; headers: Headers }> {
  const { url, signal } = params;
  try {
    const response = await params.client.fetch(url, { headers: { accept: 'application/json' }, signal, kind: 'api' });
    if (!response.ok) {
      const said = await quoteBody({ response });
      throw new HubError({ url: redactUrl(url), status: response.status, message: `${params.describeStatus(response.status)} (HTTP ${response.status})${said ? `: the server said: ${said}` : ''}` });
    }
    const value = await readJson({ response, maxBytes: params.maxBytes, url, what: params.what, signal });
    return { value, headers: response.headers };
  } catch (error) {
    throw hubErrorOf(error);
  }
}
