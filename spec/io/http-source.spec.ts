/** httpSource + httpClient against a real range-serving server on 127.0.0.1 (spec/helpers/fake-hub). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, SourceError } from '../../src/errors.js';
import { concurrencyLimit } from '../../src/io/concurrency-limit.js';
import { type HttpClientParams, httpClient } from '../../src/io/http-client.js';
import { httpSource } from '../../src/io/http-source.js';
import { readAheadSource } from '../../src/io/read-ahead-source.js';
import { countingSource } from '../../src/io/counting-source.js';
import { redactUrl } from '../../src/io/redact-url.js';
import { retryDelay } from '../../src/io/retry-policy.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';
import { startStallingServer } from '../helpers/stalling-server.js';

const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251);
let hub: FakeHub;
let sha: string;
beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ repo: 'org/bin', files: { 'blob.bin': bytes, 'small.txt': new TextEncoder().encode('hello') } });
  sha = hub.sha256(bytes);
});
afterAll(() => hub.close());
afterEach(() => {
  hub.faults.cdn = {};
  hub.faults.hub = {};
});
const url = () => `${hub.endpoint}/datasets/org/bin/resolve/main/blob.bin`;
const FAST = { maxTries: 6, baseDelayMs: 1 };
const TOKEN = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567';

// Requests go over node:http when the client has no fetch of its own, else through the fetch
// given: every behaviour holds on both.
const transports = [
  { transport: 'node:http', make: (p: HttpClientParams = {}) => httpClient(p) },
  { transport: 'a given fetch', make: (p: HttpClientParams = {}) => httpClient({ ...p, fetch: (input, init) => globalThis.fetch(input, init) }) },
];

describe.each(transports)('httpSource over $transport', ({ transport, make }) => {
  it('uses the transport it says', () => {
    expect(make().transport).toBe(transport === 'node:http' ? 'node:http' : 'fetch');
  });

  it('reads exact ranges, follows the redirect once and then reads the CDN directly', async () => {
    const f = make({ retry: FAST });
    const source = httpSource({ url: url(), byteLength: bytes.length, client: f });
    expect(await source.read(10, 20)).toEqual(bytes.slice(10, 20));
    expect(await source.read(150_000, 200_000)).toEqual(bytes.slice(150_000));
    expect(await source.read(5, 5)).toEqual(new Uint8Array(0));
    expect(f.stats.redirects).toBe(1);
    expect(f.stats.requests).toBe(3);
    expect(f.stats.bytes).toBe(10 + 50_000);
    await expect(source.read(0, bytes.length + 1)).rejects.toThrow(SourceError);
  });

  it('continues a cut body from the byte it reached', async () => {
    const f = make({ retry: { maxTries: 10, baseDelayMs: 1 } });
    const source = httpSource({ url: url(), byteLength: bytes.length, client: f });
    await source.read(0, 1);
    hub.log.length = 0;
    hub.faults.cdn = { cutEvery: 1 };
    // Every response is cut in half; each continuation asks only for what is missing.
    expect(await source.read(0, 64)).toEqual(bytes.slice(0, 64));
    expect(f.stats.resumed).toBe(6);
    const ranges = hub.log.filter((e) => e.origin === 'cdn').map((e) => e.range);
    expect(ranges).toEqual(['bytes=0-63', 'bytes=32-63', 'bytes=48-63', 'bytes=56-63', 'bytes=60-63', 'bytes=62-63', 'bytes=63-63']);
    // With fewer tries than that, the error says where the body stopped.
    const error = await httpSource({ url: url(), byteLength: bytes.length, client: make({ retry: { maxTries: 3, baseDelayMs: 1 } }) }).read(0, 64).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/gave up after 3 tries; the body stopped at 56 of 64 bytes/);
  });

  it('rejects a size or ETag that changed, with code SOURCE_CHANGED', async () => {
    hub.addRepo({ repo: 'org/change', files: { 'blob.bin': bytes } });
    const source = httpSource({ url: `${hub.endpoint}/datasets/org/change/resolve/main/blob.bin`, byteLength: bytes.length, client: make({ retry: FAST }) });
    await source.read(0, 10);
    hub.changeBlob({ sha256: sha, bytes: bytes.subarray(0, 1000) });
    const shorter = await source.read(0, 10).catch((e) => e);
    expect(shorter.code).toBe('SOURCE_CHANGED');
    expect(shorter.message).toMatch(/now 1000 bytes/);
    const same = bytes.slice();
    same[0] ^= 1;
    hub.changeBlob({ sha256: sha, bytes: same });
    const edited = await source.read(0, 10).catch((e) => e);
    expect(edited.code).toBe('SOURCE_CHANGED');
    expect(edited.message).toMatch(/ETag/);
    hub.changeBlob({ sha256: sha, bytes });
  });

  it('fails at once on a 404, an HttpError with the status, URL and range', async () => {
    const f = make({ retry: FAST });
    const source = httpSource({ url: `${hub.endpoint}/datasets/org/bin/resolve/main/nope.bin?sig=secret`, byteLength: 10, client: f });
    const error = await source.read(0, 5).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.status).toBe(404);
    expect(error.range).toEqual([0, 5]);
    expect(error.url).toBe(`${hub.endpoint}/datasets/org/bin/resolve/main/nope.bin`);
    expect(error.message).toBe(`http: ${hub.endpoint}/datasets/org/bin/resolve/main/nope.bin, bytes [0, 5): HTTP 404`);
    expect(error.reason).toBe('HTTP 404');
    expect(f.stats.requests).toBe(1);
  });

  it('bounds the requests in flight', async () => {
    const limit = concurrencyLimit({ max: 2 });
    const source = httpSource({ url: url(), byteLength: bytes.length, client: make({ retry: FAST }), limit });
    const parts = await Promise.all(Array.from({ length: 10 }, (_, i) => source.read(i * 1000, i * 1000 + 1000)));
    expect(parts.map((p) => p[0])).toEqual(Array.from({ length: 10 }, (_, i) => bytes[i * 1000]));
    expect(limit.peak).toBe(2);
  });

  it('retries 5xx and resets before the body, and sends the token only to the first origin', async () => {
    hub.log.length = 0;
    hub.faults.cdn = { every500: 2, resetEvery: 3 };
    const f = make({ retry: FAST, auth: { origin: hub.endpoint, token: 'hf_secret' } });
    const source = httpSource({ url: url(), byteLength: bytes.length, client: f });
    for (let i = 0; i < 6; i++) expect(await source.read(i * 100, i * 100 + 100)).toEqual(bytes.slice(i * 100, i * 100 + 100));
    expect(f.stats.retries).toBeGreaterThan(0);
    expect(hub.log.filter((e) => e.origin === 'cdn').every((e) => e.authorization === undefined)).toBe(true);
    expect(hub.log.filter((e) => e.origin === 'hub').every((e) => e.authorization === 'Bearer hf_secret')).toBe(true);
  });

  it('stops mid-body on abort, rejecting with the reason', async () => {
    const { origin, close } = await slowServer();
    try {
      const controller = new AbortController();
      const source = httpSource({ url: `${origin}/slow`, byteLength: 1 << 20, client: make({ retry: FAST }), signal: controller.signal });
      const pending = source.read(0, 1 << 20).catch((e) => e);
      setTimeout(() => controller.abort(new Error('stop here')), 100);
      expect((await pending).message).toBe('stop here');
    } finally {
      await close();
    }
  });

  it('quotes no token a server echoes in a reason phrase, a Content-Range or an ETag', async () => {
    const echo = await startStallingServer();
    try {
      const f = make({ retry: { maxTries: 2, baseDelayMs: 1 }, auth: { origin: echo.origin, token: TOKEN } });
      for (const path of ['/echo-status', '/echo-range']) {
        const error = await httpSource({ url: `${echo.origin}${path}`, byteLength: 100, client: f }).read(0, 10).catch((e) => e);
        expect(error).toBeInstanceOf(HttpError);
        expect(error.message).toMatch(path === '/echo-status' ? /last cause: HTTP 503 Busy Bearer \[redacted\]/ : /the server sent bytes Bearer \[redacted\] instead/);
        expect(error.message).not.toContain(TOKEN.slice(3));
      }
    } finally {
      await echo.close();
    }
  });

  it('refuses a body longer than the range', async () => {
    const { origin, close } = await slowServer();
    try {
      const error = await httpSource({ url: `${origin}/long`, byteLength: 1000, client: make({ retry: FAST }) }).read(0, 10).catch((e) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(error.message).toMatch(/got more than 10 bytes for a 10-byte range|longer than its Content-Length/);
    } finally {
      await close();
    }
  });
});

/**
 * A server whose `/slow` sends a 1 MiB range a kilobyte every 20 ms, and whose `/long` answers
 * any range with 20 bytes more than asked (and a Content-Length saying so).
 */
function slowServer(): Promise<LocalServer> {
  return startLocalServer((req, res) => {
    const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '')!;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (req.url === '/long') {
      res.writeHead(206, { 'content-range': `bytes ${a}-${b}/1000`, 'content-length': String(b - a + 21) }).end(Buffer.alloc(b - a + 21));
      return;
    }
    res.writeHead(206, { 'content-range': `bytes ${a}-${b}/${1 << 20}`, 'content-length': String(b - a + 1) });
    const timer = setInterval(() => res.write(Buffer.alloc(1024)), 20);
    res.on('close', () => clearInterval(timer));
  });
}

describe('helpers', () => {
  it('retryDelay: exponential with jitter, Retry-After first', () => {
    expect(retryDelay({ attempt: 3, retryAfter: null, options: { baseDelayMs: 100 }, random: () => 0 })).toBe(200);
    expect(retryDelay({ attempt: 3, retryAfter: null, options: { baseDelayMs: 100 }, random: () => 1 })).toBe(400);
    expect(retryDelay({ attempt: 1, retryAfter: '2' })).toBe(2000);
    expect(retryDelay({ attempt: 1, retryAfter: '99', options: { maxDelayMs: 1000 } })).toBeUndefined();
  });

  it('redactUrl drops the query, user info and any token in the path', () => {
    expect(redactUrl('https://u:p@cdn.example/blobs/ab?X-Amz-Signature=zz#f')).toBe('https://cdn.example/blobs/ab');
    expect(redactUrl(`https://cdn.example/x/${TOKEN}/y`)).toBe('https://cdn.example/x/[redacted]/y');
    expect(redactUrl('https://hub.example/datasets/org/hf_dataset')).toBe('https://hub.example/datasets/org/hf_dataset');
  });

  it('readAheadSource turns a footer read (tail, then before it) into one request', async () => {
    const { source, stats } = countingSource({ source: httpSource({ url: url(), byteLength: bytes.length, client: httpClient() }) });
    const ahead = readAheadSource({ source, tailBytes: 4096 });
    expect(await ahead.read(bytes.length - 8, bytes.length)).toEqual(bytes.slice(-8));
    expect(await ahead.read(bytes.length - 3000, bytes.length - 8)).toEqual(bytes.slice(-3000, -8));
    expect(stats.requests).toBe(1);
    expect(await ahead.read(0, 4)).toEqual(bytes.slice(0, 4));
    expect(stats.requests).toBe(2);
  });
});
