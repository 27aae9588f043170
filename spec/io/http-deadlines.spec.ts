/**
 * Deadlines of the HTTP client over both transports (node:http, and a given fetch), against a real
 * misbehaving server on 127.0.0.1 (spec/helpers/stalling-server), with small timeouts: every
 * way of hanging ends in a typed error naming the deadline, the URL and the range — and a stall
 * that passes is survived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, HttpError } from '../../src/errors.js';
import { DeadlineError, watchTransfer } from '../../src/io/http-deadlines.js';
import { type HttpClientParams, httpClient } from '../../src/io/http-client.js';
import { httpSource } from '../../src/io/http-source.js';
import { callTimeouts } from '../../src/io/http-timeouts.js';
import { STALLING_DATA, type StallingServer, startStallingServer } from '../helpers/stalling-server.js';

let server: StallingServer;
beforeAll(async () => {
  server = await startStallingServer();
});
afterAll(() => server.close());

const TRIES = { maxTries: 2, baseDelayMs: 1 };
const SHORT = { connectMs: 150, idleMs: 150, minBytesPerSecond: 0 };

const transports = [
  { transport: 'node:http', make: (p: HttpClientParams = {}) => httpClient(p) },
  { transport: 'a given fetch', make: (p: HttpClientParams = {}) => httpClient({ ...p, fetch: (input, init) => globalThis.fetch(input, init) }) },
];

/** How a read ends: the error, and how long it took. */
async function timed(p: Promise<unknown>): Promise<{ error: HttpError; ms: number }> {
  const t0 = performance.now();
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected an HttpError').toBeInstanceOf(HttpError);
  return { error: error as HttpError, ms: performance.now() - t0 };
}

describe.each(transports)('deadlines over $transport', ({ transport, make }) => {
  const read = (path: string, params: HttpClientParams, range: [number, number] = [0, STALLING_DATA.length]) => {
    const f = make(params);
    return { f, pending: httpSource({ url: `${server.origin}${path}`, byteLength: STALLING_DATA.length, client: f }).read(range[0], range[1]) };
  };

  it('a server that accepts and never answers: the connect deadline, retried, then named', async () => {
    const { f, pending } = read('/silent', { timeouts: SHORT, retry: TRIES }, [0, 100]);
    const { error, ms } = await timed(pending);
    expect(error.deadline).toBe('connect');
    expect(error.message).toMatch(/\/silent, bytes \[0, 100\): gave up after 2 tries; last cause: no response within 150 ms of sending the request \(timeouts\.connectMs\)/);
    expect(f.stats.requests).toBe(2);
    expect(f.stats.retries).toBe(1);
    expect(ms).toBeLessThan(5000);
  });

  it('headers and then silence: the idle deadline, the body continued once, then named', async () => {
    const { f, pending } = read('/headers-only', { timeouts: SHORT, retry: TRIES });
    const { error } = await timed(pending);
    expect(error.deadline).toBe('idle');
    expect(error.message).toMatch(/gave up after 2 tries; the body stopped at 0 of 100000 bytes: no body byte for 150 ms \(timeouts\.idleMs\)/);
    expect(f.stats.resumed).toBe(1);
  });

  it('a Content-Length larger than the body, the connection held: idle, after continuing from the byte reached', async () => {
    const before = server.ranges.get('/short')?.length ?? 0;
    const { f, pending } = read('/short', { timeouts: SHORT, retry: { maxTries: 3, baseDelayMs: 1 } });
    const { error } = await timed(pending);
    expect(error.deadline).toBe('idle');
    // 10 % of the body, then 10 % of the rest, twice: each continuation asks from the byte reached.
    expect(error.message).toMatch(/the body stopped at 27100 of 100000 bytes/);
    expect(server.ranges.get('/short')!.slice(before)).toEqual(['bytes=0-99999', 'bytes=10000-99999', 'bytes=19000-99999']);
    expect(f.stats.bytes).toBe(27_100);
  });

  it('a body trickling a byte at a time: the rate deadline, which the idle one never sees', async () => {
    const timeouts = { connectMs: 1000, idleMs: 1000, minBytesPerSecond: 100, rateWindowMs: 400 };
    const { pending } = read('/trickle?every=50', { timeouts, retry: TRIES });
    const { error, ms } = await timed(pending);
    expect(error.deadline).toBe('rate');
    expect(error.message).toMatch(/the body came at \d+ bytes\/s over \d+ ms, below timeouts\.minBytesPerSecond \(100\)/);
    expect(ms).toBeLessThan(5000);
  });

  it('the total deadline of a file read ends a trickle that each attempt would let run', async () => {
    const timeouts = { ...SHORT, idleMs: 5000, totalMs: 400 };
    const { pending } = read('/trickle?every=20', { timeouts, retry: TRIES });
    const { error, ms } = await timed(pending);
    expect(error.deadline).toBe('total');
    expect(error.message).toMatch(/bytes \[0, 100000\): not done within 400 ms \(timeouts\.totalMs\)/);
    expect(ms).toBeLessThan(3000);
  });

  it('a stall that passes is survived: the body is continued and the bytes are whole', async () => {
    const path = `/stall-first?k=${encodeURIComponent(transport)}`;
    const { f, pending } = read(path, { timeouts: SHORT, retry: TRIES });
    expect(await pending).toEqual(STALLING_DATA);
    expect(f.stats.resumed).toBe(1);
    expect(server.ranges.get(path)).toEqual(['bytes=0-99999', 'bytes=50000-99999']);
  });

  it('redirect loops and redirects out of http end at once, not retried', async () => {
    for (const [path, message] of [
      ['/loop', /a redirect loop: .*\/loop leads back to .*\/loop/],
      ['/ping', /a redirect loop: .*\/pong leads back to .*\/ping/],
      ['/to-file', /a redirect to a file: URL/],
    ] as const) {
      const { f, pending } = read(path, { timeouts: SHORT, retry: TRIES }, [0, 10]);
      const { error } = await timed(pending);
      expect(error.message).toMatch(message);
      expect(f.stats.retries).toBe(0);
      expect(f.stats.requests).toBeLessThanOrEqual(2);
    }
  });

  it("honours the caller's signal while waiting for headers", async () => {
    const controller = new AbortController();
    const f = make({ timeouts: { connectMs: 60_000 } });
    const pending = httpSource({ url: `${server.origin}/silent`, byteLength: 10, client: f, signal: controller.signal }).read(0, 10).catch((e) => e);
    setTimeout(() => controller.abort(new Error('stop here')), 50);
    expect((await pending).message).toBe('stop here');
  });
});

describe('httpClient deadlines', () => {
  it("an API call's total deadline covers its retries, and names the last cause", async () => {
    const f = httpClient({ timeouts: { apiTotalMs: 300 }, retry: { maxTries: 1000, baseDelayMs: 20, maxDelayMs: 40 } });
    const { error, ms } = await timed(f.fetch(`${server.origin}/503`, { kind: 'api' }));
    expect(error.deadline).toBe('total');
    expect(error.message).toMatch(/\/503: not done within 300 ms \(timeouts\.apiTotalMs\); last cause: HTTP 503/);
    expect(ms).toBeLessThan(3000);
    // A file transfer has no total deadline by default: there the tries end it.
    const tries = await timed(httpClient({ timeouts: { apiTotalMs: 300 }, retry: { maxTries: 3, baseDelayMs: 1 } }).fetch(`${server.origin}/503`));
    expect(tries.error.deadline).toBeUndefined();
    expect(tries.error.message).toMatch(/gave up after 3 tries; last cause: HTTP 503/);
  });

  it("a call's own timeouts override the fetch's", async () => {
    const f = httpClient({ timeouts: { connectMs: 60_000 }, retry: TRIES });
    const { error } = await timed(f.fetch(`${server.origin}/silent`, { timeouts: { connectMs: 100 } }));
    expect(error.deadline).toBe('connect');
    expect(error.message).toMatch(/within 100 ms/);
  });

  it('a body of unknown length that stalls fails at once (it cannot be continued)', async () => {
    const f = httpClient({ timeouts: SHORT, retry: TRIES });
    const response = await f.fetch(`${server.origin}/chunked-stall`);
    const error = await response.arrayBuffer().catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.deadline).toBe('idle');
    expect(error.message).toMatch(/chunked-stall: the body stopped at 100 bytes: no body byte for 150 ms/);
    expect(f.stats.resumed).toBe(0);
  });

  it('time the reader spends elsewhere is not blamed on the server', async () => {
    const f = httpClient({ timeouts: { idleMs: 100, minBytesPerSecond: 1_000_000, rateWindowMs: 100 } });
    const response = await f.fetch(`${server.origin}/ok`);
    const reader = response.body!.getReader();
    let got = (await reader.read()).value!.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (let r = await reader.read(); !r.done; r = await reader.read()) got += r.value.length;
    expect(got).toBe(STALLING_DATA.length);
  });

  it('refuses timeouts that cannot work, naming the key', () => {
    expect(() => httpClient({ timeouts: { idleMs: -1 } })).toThrow(ArgumentError);
    expect(() => httpClient({ timeouts: { idleMs: Number.NaN } })).toThrow(/timeouts\.idleMs must be a positive number/);
    expect(() => httpClient({ timeouts: { minBytesPerSecond: Infinity } })).toThrow(/minBytesPerSecond must be a finite number/);
    expect(() => httpClient({ timeouts: { idelMs: 5 } as never })).toThrow(/unknown timeouts key "idelMs"/);
  });
});

describe('watchTransfer', () => {
  const timeouts = callTimeouts({ call: { idleMs: 60, minBytesPerSecond: 1000, rateWindowMs: 200 } });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('fires idle after idleMs of waiting with no byte, once', async () => {
    const fired: DeadlineError[] = [];
    const watch = watchTransfer({ timeouts, onExpire: (e) => fired.push(e) });
    watch.waiting();
    await sleep(150);
    expect(fired.map((e) => e.deadline)).toEqual(['idle']);
    watch.stop();
  });

  it('does not count time away, and fires nothing once stopped', async () => {
    const fired: DeadlineError[] = [];
    const watch = watchTransfer({ timeouts, onExpire: (e) => fired.push(e) });
    watch.waiting();
    watch.got(10_000);
    watch.away();
    await sleep(150);
    expect(fired).toEqual([]);
    watch.waiting();
    watch.stop();
    await sleep(100);
    expect(fired).toEqual([]);
  });

  it('fires rate when bytes keep coming but too few', async () => {
    const fired: DeadlineError[] = [];
    const watch = watchTransfer({ timeouts, onExpire: (e) => fired.push(e) });
    watch.waiting();
    for (let i = 0; i < 12 && fired.length === 0; i++) {
      await sleep(25);
      watch.got(1);
    }
    expect(fired.map((e) => e.deadline)).toEqual(['rate']);
    watch.stop();
  });
});
