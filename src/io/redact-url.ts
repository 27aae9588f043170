/**
 * A URL as it may appear in a message, a log line or `toJSON`: no user info, no query string and
 * no fragment. A CDN's signed URL carries its signature in the query, and a URL may carry a
 * user:password pair; neither is ever printed.
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
    return u.href;
  } catch {
    return String(url).split(/[?#]/)[0];
  }
}
