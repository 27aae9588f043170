import { HttpError } from '../errors.js';
import { quoteText } from '../internal/quote-text.js';
import { redactUrl } from './redact-url.js';

/**
 * Where a redirect leads, checked before it is followed (the HTTP client follows redirects by
 * hand, over either transport, so that the token goes only to its origin): an `http:`/`https:` URL, not one this
 * request already visited (a loop ends at once instead of after `maxRedirects` round trips), and
 * no more than `maxRedirects` of them. A server must not be able to point the package at a
 * `file:` or `data:` URL, nor keep it bouncing.
 * @throws {HttpError} (not retried) naming the request's first URL.
 * @internal
 */
export function redirectTarget(params: {
  /** The request's first URL (what the error names). */
  start: URL;
  /** The URL that answered with the redirect. */
  from: URL;
  /** Its `Location` header. */
  location: string;
  status: number;
  /** URLs this request visited so far; the target is added. */
  visited: Set<string>;
  maxRedirects: number;
}): URL {
  const { start, status } = params;
  const fail = (message: string) => new HttpError({ url: redactUrl(start), status, message });
  if (params.visited.size > params.maxRedirects) throw fail(`more than ${params.maxRedirects} redirects`);
  let target: URL;
  try {
    target = new URL(params.location, params.from);
  } catch {
    throw fail(`a redirect to an unreadable Location (“${quoteText(params.location, { maxChars: 100 })}”)`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw fail(`a redirect to a ${target.protocol} URL (only http: and https: are followed)`);
  if (params.visited.has(target.href)) throw fail(`a redirect loop: ${redactUrl(params.from)} leads back to ${redactUrl(target)}`);
  params.visited.add(target.href);
  return target;
}
