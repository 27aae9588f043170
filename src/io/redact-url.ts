import { HF_TOKEN } from '../internal/redact-secrets.js';

/**
 * A URL as it may appear in a message, a log line or `toJSON`: no user info, no query string, no
 * fragment, and no access token in its path. A CDN's signed URL carries its signature in the
 * query, a URL may carry a user:password pair, and a server that was sent the token may
 * redirect to a path holding it; none of them is ever printed.
 * @example
 * redactUrl('https://cdn.example/blobs/ab?X-Amz-Signature=…') // 'https://cdn.example/blobs/ab'
 */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.href.replace(HF_TOKEN, '[redacted]');
  } catch {
    return String(url).split(/[?#]/)[0].replace(HF_TOKEN, '[redacted]');
  }
}
