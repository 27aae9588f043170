/** judgeContinuation: when the rest of a cut body may be spliced on (both HTTP transports use it). */
import { describe, expect, it } from 'vitest';
import { judgeContinuation } from '../../src/io/judge-continuation.js';

const ok = { status: 206, contentRange: 'bytes 32-63/200', start: 32, etag: '"abc"', nextEtag: '"abc"' };

describe('judgeContinuation', () => {
  it('splices a 206 from exactly the byte reached, of the same version (weak and strong ETags alike)', () => {
    expect(judgeContinuation(ok)).toEqual({ verdict: 'splice' });
    expect(judgeContinuation({ ...ok, nextEtag: 'W/"abc"' })).toEqual({ verdict: 'splice' });
    expect(judgeContinuation({ ...ok, etag: null, nextEtag: null })).toEqual({ verdict: 'splice' });
  });

  it('tries again after a 5xx or a 429', () => {
    expect(judgeContinuation({ ...ok, status: 503, contentRange: null })).toEqual({ verdict: 'retry' });
    expect(judgeContinuation({ ...ok, status: 429, contentRange: null })).toEqual({ verdict: 'retry' });
  });

  it('refuses the whole file, another position, or another version', () => {
    expect(judgeContinuation({ ...ok, status: 200, contentRange: null })).toMatchObject({ verdict: 'refuse', message: expect.stringMatching(/answered 200/) });
    expect(judgeContinuation({ ...ok, contentRange: 'bytes 0-63/200' })).toMatchObject({ verdict: 'refuse' });
    expect(judgeContinuation({ ...ok, nextEtag: '"xyz"' })).toEqual({ verdict: 'refuse', message: expect.stringMatching(/ETag changed/), code: 'SOURCE_CHANGED' });
  });
});
