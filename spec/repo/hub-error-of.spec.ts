/** hubErrorOf: the Hub layer's error for an HTTP failure, built from its fields, never its message. */
import { describe, expect, it } from 'vitest';
import { HttpError, HubError, SourceError } from '../../src/errors.js';
import { hubErrorOf } from '../../src/repo/hub-error-of.js';

const advice = (status: number) => (status === 401 ? 'set HF_TOKEN' : undefined);

describe('hubErrorOf', () => {
  it('carries over every field of an HttpError, keeps it as the cause, and adds advice for its status', () => {
    const http = new HttpError({ url: 'https://hub/x', status: 401, range: [5, 9], message: 'HTTP 401' });
    const hub = hubErrorOf(http, { advice }) as HubError;
    expect(hub).toBeInstanceOf(HubError);
    expect(hub).toMatchObject({ code: 'HUB_ERROR', url: 'https://hub/x', status: 401, range: [5, 9], deadline: undefined });
    expect(hub.cause).toBe(http);
    expect(hub.message).toBe('hub: https://hub/x, bytes [5, 9): HTTP 401: set HF_TOKEN');
  });

  it('keeps SOURCE_CHANGED and the deadline; no advice for a status the Hub does not explain, or none at all', () => {
    const changed = hubErrorOf(new HttpError({ url: 'https://cdn/b', status: 206, message: 'the file changed', code: 'SOURCE_CHANGED' }), { advice }) as HubError;
    expect(changed.code).toBe('SOURCE_CHANGED');
    expect(changed.message).toBe('hub: https://cdn/b: the file changed');
    const late = hubErrorOf(new HttpError({ url: 'https://cdn/b', deadline: 'idle', message: 'no body byte for 5 ms' }), { advice }) as HubError;
    expect(late.deadline).toBe('idle');
    expect(late.status).toBeUndefined();
    expect(hubErrorOf(new HttpError({ url: 'u', status: 401, message: 'HTTP 401' })) as HubError).toHaveProperty('message', 'hub: u: HTTP 401');
  });

  it('returns anything else as it is: an abort reason, a Hub or source error', () => {
    for (const other of [new DOMException('stop', 'AbortError'), new HubError({ url: 'u', message: 'm' }), new SourceError({ source: 's', message: 'm' }), 'a string']) {
      expect(hubErrorOf(other, { advice })).toBe(other);
    }
  });
});
