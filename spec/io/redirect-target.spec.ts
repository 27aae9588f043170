/** redirectTarget: which redirects are followed. */
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { redirectTarget } from '../../src/io/redirect-target.js';

const start = new URL('https://hub.example/datasets/o/r/resolve/main/x.bin');
const follow = (location: string, visited = new Set([start.href]), maxRedirects = 5) => redirectTarget({ start, from: start, location, status: 302, visited, maxRedirects });

describe('redirectTarget', () => {
  it('resolves a relative or absolute http(s) Location and remembers it', () => {
    const visited = new Set([start.href]);
    expect(follow('/blobs/ab', visited).href).toBe('https://hub.example/blobs/ab');
    expect(follow('http://cdn.example/x?sig=1', visited).href).toBe('http://cdn.example/x?sig=1');
    expect(visited.size).toBe(3);
  });

  it('refuses other protocols, a loop, too many hops and an unreadable Location, naming the first URL', () => {
    for (const [location, message] of [
      ['file:///etc/passwd', /a redirect to a file: URL/],
      ['data:text/plain,hi', /a redirect to a data: URL/],
      [start.href, /a redirect loop: .* leads back to https:\/\/hub\.example\/datasets\/o\/r\/resolve\/main\/x\.bin/],
      ['http://[::1', /unreadable Location \(“http:\/\/\[::1”\)/],
    ] as const) {
      const error = (() => {
        try {
          return follow(location);
        } catch (e) {
          return e;
        }
      })() as HttpError;
      expect(error).toBeInstanceOf(HttpError);
      expect(error.message).toMatch(message);
      expect(error.url).toBe(start.href);
    }
    const full = new Set([start.href, 'https://a/1', 'https://a/2']);
    expect(() => follow('https://a/3', full, 2)).toThrow(/more than 2 redirects/);
  });
});
