/**
 * httpClient — the one HTTP driver — over both of its transports, against real servers on
 * 127.0.0.1: the fake Hub (a Hub origin redirecting to a CDN origin), the stalling server, and a
 * small server of this spec for what neither does (request bodies, bodiless answers, odd statuses).
 */
import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, HttpError } from '../../src/errors.js';
import { type HttpClientParams, httpClient } from '../../src/io/http-client.js';
import { httpSource } from '../../src/io/http-source.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';
import { STALLING_DATA, type StallingServer, startStallingServer } from '../helpers/stalling-server.js';

const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251);
const FAST = { maxTries: 6, baseDelayMs: 1 };
const GZIPPED = gzipSync(JSON.stringify({ long: 'x'.repeat(10_000) }));
let hub: FakeHub;
let stalling: StallingServer;
let own: LocalServer & { requests: { method: string; body: string; headers: IncomingMessage['headers'] }[] };
beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ repo: 'org/bin', files: { 'blob.bin': bytes, 'small.txt': new TextEncoder().encode('hello') } });
  stalling = await startStallingServer();
  own = await startOwnServer();
});
afterAll(async () => {
  await hub.close();
  await stalling.close();
  await own.close();
});
afterEach(() => {
  hub.faults.cdn = {};
  hub.faults.hub = {};
});
const url = () => `${hub.endpoint}/datasets/org/bin/resolve/main/blob.bin`;

const transports = [
  { transport: 'node:http', make: (p: HttpClientParams = {}) => httpClient(p) },
  { transport: 'a given fetch', make: (p: HttpClientParams = {}) => httpClient({ ...p, fetch: (input, init) => globalThis.fetch(input, init) }) },
];

describe.each(transports)('httpClient over $transport', ({ make }) => {
  it('holds the next chunk back while onChunk works, and does not blame that time on the server', async () => {
    const client = make({ timeouts: { idleMs: 50 } });
    const response = await client.request({ url: `${stalling.origin}/ok` });
    let busy = false;
    let chunks = 0;
    let got = 0;
    await response.body.forEach(async (chunk) => {
      expect(busy, 'a chunk came while the last one was being handled').toBe(false);
      busy = true;
      chunks++;
      got += chunk.length;
      // Far longer than idleMs: the reader is away, not the server.
      if (chunks === 1) await new Promise((resolve) => setTimeout(resolve, 200));
      busy = false;
    });
    expect(got).toBe(STALLING_DATA.length);
  });

  it('stops the body at an error onChunk throws, and rejects with it; nothing more is read', async () => {
    const client = make();
    const response = await client.request({ url: `${stalling.origin}/endless` });
    const stop = new Error('enough');
    let seen = 0;
    const error = await response.body
      .forEach((chunk) => {
        seen += chunk.length;
        if (seen > 256 * 1024) throw stop;
      })
      .catch((e) => e);
    expect(error).toBe(stop);
    const settled = client.stats.bytes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.stats.bytes).toBe(settled);
    expect(settled).toBeLessThan(4 << 20);
  });

  it('cancel stops a body mid-read: forEach resolves, nothing more is read; a body is read once', async () => {
    const client = make();
    const response = await client.request({ url: `${stalling.origin}/endless` });
    let seen = 0;
    await response.body.forEach((chunk) => {
      seen += chunk.length;
      if (seen > 256 * 1024) response.body.cancel();
    });
    const settled = client.stats.bytes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.stats.bytes).toBe(settled);
    await expect(response.body.forEach(() => undefined)).rejects.toThrow(/already read or cancelled/);
    // Cancelled unread: its request is over too (a later request works on the same client).
    const unread = await client.request({ url: `${stalling.origin}/ok` });
    unread.body.cancel();
    expect((await client.request({ url: `${hub.endpoint}/datasets/org/bin/resolve/main/small.txt` })).status).toBe(200);
  });

  it('sends a request body, again on a retry, and through fetch() as well', async () => {
    const client = make({ retry: FAST });
    own.requests.length = 0;
    const response = await client.request({ url: `${own.origin}/fail-once?k=${Math.random()}`, method: 'post', body: 'payload é', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(200);
    response.body.cancel();
    expect(own.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', 'payload é'],
      ['POST', 'payload é'],
    ]);
    const viaFetch = await client.fetch(`${own.origin}/echo`, { method: 'PUT', body: new URLSearchParams({ a: '1' }) });
    expect(await viaFetch.json()).toEqual({ method: 'PUT', body: 'a=1', type: 'application/x-www-form-urlencoded;charset=UTF-8' });
  });

  it('asks for identity encoding unless the caller asks otherwise, and never forwards an Authorization header', async () => {
    const client = make();
    own.requests.length = 0;
    (await client.request({ url: `${own.origin}/echo`, headers: { authorization: 'Bearer hf_mine1234567' } })).body.cancel();
    (await client.request({ url: `${own.origin}/echo`, headers: { 'Accept-Encoding': 'br' } })).body.cancel();
    expect(own.requests.map((r) => [r.headers['accept-encoding'], r.headers.authorization])).toEqual([
      ['identity', undefined],
      ['br', undefined],
    ]);
  });

  it('reads a compressed body a server sends though identity was asked, whatever its Content-Length', async () => {
    const client = make();
    const response = await client.fetch(`${own.origin}/gzip`);
    const got = new Uint8Array(await response.arrayBuffer());
    // A fetch decodes it; node:http hands over the bytes as sent.
    if (client.transport === 'fetch') expect(JSON.parse(new TextDecoder().decode(got))).toEqual({ long: 'x'.repeat(10_000) });
    else expect(got).toEqual(new Uint8Array(GZIPPED));
  });

  it('reads a HEAD, a 204 and a 304 as empty bodies, whatever Content-Length they declare', async () => {
    const client = make();
    for (const [path, method, status] of [['/declares', 'HEAD', 200], ['/no-content', 'GET', 204], ['/not-modified', 'GET', 304]] as const) {
      const response = await client.request({ url: `${own.origin}${path}`, method });
      expect(response.status).toBe(status);
      let got = 0;
      await response.body.forEach((chunk) => void (got += chunk.length));
      expect(got).toBe(0);
      expect((await client.fetch(`${own.origin}${path}`, { method })).status).toBe(status);
    }
  });

  it('refuses what it cannot send before sending anything: another scheme, a bad header, bad timeouts', async () => {
    const client = make();
    for (const [req, message] of [
      [{ url: 'file:///etc/passwd' }, /cannot request file:\/\/\/etc\/passwd: only http: and https: URLs/],
      [{ url: 'not a url' }, /cannot request not a url/],
      [{ url: `${own.origin}/echo`, headers: { 'x-bad': 'a\nb' } }, /headers that cannot be sent/],
      [{ url: `${own.origin}/echo`, timeouts: { idleMs: 0 } }, /timeouts\.idleMs must be a positive number/],
    ] as const) {
      const error = await client.request(req).catch((e) => e);
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(message);
    }
    expect(client.stats.requests).toBe(0);
  });
});

describe('httpClient', () => {
  it('an answer with a status HTTP does not define is an HttpError, not retried', async () => {
    const client = httpClient({ retry: FAST });
    const error = await client.request({ url: `${own.origin}/status-999` }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(999);
    expect(error.message).toMatch(/status-999: the server answered with status 999, which HTTP does not define/);
    expect(client.stats.retries).toBe(0);
  });

  it('sends every request through a fetch given, redirects included, and none through fetch without one', async () => {
    const seen: string[] = [];
    const given = httpClient({ fetch: (input, init) => (seen.push(String(input)), globalThis.fetch(input, init)) });
    expect(await httpSource({ url: url(), byteLength: bytes.length, client: given }).read(0, 3)).toEqual(bytes.slice(0, 3));
    expect(seen.map((u) => new URL(u).origin)).toEqual([hub.endpoint, hub.cdn]);
    const builtIn = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = (input, init) => (calls++, builtIn(input, init));
    try {
      const client = httpClient();
      expect(await httpSource({ url: url(), byteLength: bytes.length, client }).read(0, 3)).toEqual(bytes.slice(0, 3));
      expect(await (await client.fetch(`${hub.endpoint}/datasets/org/bin/resolve/main/small.txt`)).text()).toBe('hello');
      expect(client.stats.requests).toBe(3);
    } finally {
      globalThis.fetch = builtIn;
    }
    expect(calls).toBe(0);
  });

  it('fetch gives a web Response: its status, headers, final URL and body', async () => {
    const client = httpClient();
    const response = await client.fetch(url(), { headers: { range: 'bytes=10-99999' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 10-99999/${bytes.length}`);
    expect(new URL(response.url).origin).toBe(hub.cdn);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes.slice(10, 100_000));
    expect(client.stats.bytes).toBe(99_990);
  });

  it('adds the token only for its origin, whatever header the caller passed', async () => {
    hub.log.length = 0;
    const f = httpClient({ auth: { origin: hub.endpoint, token: 'hf_abc' } });
    const res = await f.fetch(url(), { headers: { authorization: 'Bearer leaked', range: 'bytes=0-3' } });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes.slice(0, 4));
    expect(hub.log.map((e) => [e.origin, e.authorization])).toEqual([
      ['hub', 'Bearer hf_abc'],
      ['cdn', undefined],
    ]);
  });

  it('retries 5xx, resets and 429s, then gives up with an HttpError naming the last cause', async () => {
    hub.faults.hub = { resetEvery: 2, every500: 3 };
    const f = httpClient({ retry: FAST });
    for (let i = 0; i < 4; i++) expect((await f.fetch(`${hub.endpoint}/datasets/org/bin/resolve/main/small.txt`)).status).toBe(200);
    expect(f.stats.retries).toBeGreaterThan(0);
    hub.faults.hub = { every500: 1 };
    const error = await f.fetch(`${hub.endpoint}/datasets/org/bin/resolve/main/small.txt`).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/gave up after 6 tries; last cause: HTTP 500/);
  });

  it('fails when Retry-After asks for more than maxDelayMs', async () => {
    hub.faults.hub = { rateLimitEvery: 1, retryAfter: '120' };
    const error = await httpClient({ retry: { maxDelayMs: 1000 } }).fetch(`${hub.endpoint}/datasets/org/bin/resolve/main/small.txt`).catch((e) => e);
    expect(error.message).toMatch(/asked to wait 120 s/);
  });
});

/**
 * This spec's server: `/echo` answers JSON of the method, body and content type; `/fail-once?k=`
 * answers 503 the first time per key, then 200; `/declares` a Content-Length of 1000 and no body
 * (for HEAD); `/gzip` a gzipped JSON body whatever was asked; `/no-content` 204 and
 * `/not-modified` 304, both declaring a length; `/status-999`. Every request is recorded with its
 * body and headers.
 */
async function startOwnServer(): Promise<typeof own> {
  const requests: typeof own.requests = [];
  const failed = new Set<string>();
  const local = await startLocalServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ method: req.method ?? '', body, headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://x');
    switch (path.pathname) {
      case '/echo':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] }));
      case '/fail-once': {
        const key = path.searchParams.get('k') ?? '';
        if (failed.has(key)) return void res.writeHead(200).end('ok');
        failed.add(key);
        return void res.writeHead(503).end('busy');
      }
      case '/declares':
        return void res.writeHead(200, { 'content-length': '1000' }).end(req.method === 'HEAD' ? undefined : Buffer.alloc(1000));
      case '/no-content':
        return void res.writeHead(204, { 'content-length': '10' }).end();
      case '/not-modified':
        return void res.writeHead(304, { 'content-length': '10' }).end();
      case '/gzip':
        return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(GZIPPED.length) }).end(GZIPPED);
      case '/status-999':
        return void res.writeHead(999).end('odd');
    }
    res.writeHead(404).end();
  });
  return { ...local, requests };
}
