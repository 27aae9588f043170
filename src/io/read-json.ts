import { HttpError } from '../errors.js';
import { quoteText } from '../internal/quote-text.js';
import { type ReadBodyParams, readBody } from './read-body.js';
import { redactUrl } from './redact-url.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * Reads a response body whole, as {@link readBody} does (refused past `maxBytes`), and parses it
 * as JSON. The result is `unknown`: check its shape before use — it came from a server.
 * @throws {HttpError} for a body too large, one that failed, or one that is not JSON (quoting at
 *   most 200 characters of it, credentials redacted).
 * @example
 * const response = await f(`${endpoint}/api/datasets/${repo}/revision/main`, { kind: 'api' });
 * const info = await readJson({ response, maxBytes: BODY_LIMITS.json, what: 'revision info' });
 */
export async function readJson(params: ReadBodyParams): Promise<unknown> {
  checkParams('readJson', params, keysOf<Parameters<typeof readJson>[0]>()('response', 'maxBytes', 'url', 'what', 'signal'));
  const bytes = await readBody(params);
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    const url = redactUrl(params.url ?? (params.response.url || '(response)'));
    const quoted = quoteText(text);
    throw new HttpError({
      url,
      status: params.response.status,
      message: `the ${params.what ?? 'body'} is not JSON (${(error as Error).message})${quoted ? `: “${quoted}”` : ''}`,
      cause: error,
    });
  }
}
