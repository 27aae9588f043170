/** readBody and readJson: bodies read whole, bounded, against a real loopback server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { httpClient } from '../../src/io/http-client.js';
import { BODY_LIMITS, readBody } from '../../src/io/read-body.js';
import { readJson } from '../../src/io/read-json.js';
import { STALLING_DATA, type StallingServer, startStallingServer } from '../helpers/stalling-server.js';

let server: StallingServer;
beforeAll(async () => {
  server = await startStallingServer();
});
afterAll(() => server.close());

describe('readBody', () => {
  it('reads a body whole', async () => {
    const response = await httpClient().fetch(`${server.origin}/ok`);
    expect(await readBody({ response, maxBytes: STALLING_DATA.length })).toEqual(STALLING_DATA);
  });

  it('refuses a Content-Length above maxBytes before reading the body', async () => {
    const f = httpClient();
    const response = await f.fetch(`${server.origin}/ok`);
    const error = await readBody({ response, maxBytes: 1000, what: 'dataset card' }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/\/ok: the dataset card is 100000 bytes \(its Content-Length\), more than the 1000 bytes it may be; refused/);
    expect(f.stats.bytes).toBeLessThan(STALLING_DATA.length);
  });

  it('stops an endless body as soon as it passes maxBytes, and cancels it', async () => {
    const f = httpClient();
    const response = await f.fetch(`${server.origin}/endless`);
    const error = await readBody({ response, maxBytes: 1 << 20, what: 'listing page' }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/the listing page is more than 1048576 bytes/);
    const settled = f.stats.bytes;
    expect(settled).toBeLessThan((1 << 20) + (1 << 20));
    // Cancelled: nothing more is read from the connection.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(f.stats.bytes).toBe(settled);
  });

  it('turns a body that fails into a HttpError (here: its idle deadline), and keeps an abort reason as it is', async () => {
    const f = httpClient({ timeouts: { idleMs: 100 } });
    const error = await readBody({ response: await f.fetch(`${server.origin}/chunked-stall`), maxBytes: 1000 }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.deadline).toBe('idle');
    const controller = new AbortController();
    const pending = f.fetch(`${server.origin}/chunked-stall`, { signal: controller.signal, timeouts: { idleMs: 10_000 } }).then((response) =>
      readBody({ response, maxBytes: 1000, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(new Error('stop here')), 50);
    expect((await pending.catch((e) => e)).message).toBe('stop here');
  });

  it('documents its limits', () => {
    expect(BODY_LIMITS).toEqual({ json: 16 << 20, card: 16 << 20, listingPage: 64 << 20 });
  });
});

describe('readJson', () => {
  it('parses JSON', async () => {
    const response = await httpClient().fetch(`${server.origin}/echo-json`, { headers: { authorization: 'ignored' } });
    expect(await readJson({ response, maxBytes: BODY_LIMITS.json })).toEqual({ error: 'Invalid credentials in Authorization header: undefined' });
  });

  it('refuses a body that is not JSON, quoting at most 200 characters of it and no token', async () => {
    const token = 'hf_SecretToken1234567890';
    const f = httpClient({ auth: { origin: server.origin, token } });
    const response = await f.fetch(`${server.origin}/echo`, { kind: 'api' });
    const error = (await readJson({ response, maxBytes: BODY_LIMITS.json, what: 'revision info' }).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/the revision info is not JSON \(.*\): “not json; you sent/);
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain('SecretToken');
    const quote = /“(.*)”/.exec(error.message)![1];
    expect(quote.length).toBeLessThanOrEqual(200);
  });
});
