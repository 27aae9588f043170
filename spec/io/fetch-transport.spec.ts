/**
 * The transport over a caller's fetch, with a fetch that ignores signals (as a caller's own may):
 * an abort and a destroyed body still end at once. The fetch is the built-in one against a real
 * server on 127.0.0.1, with the signal taken away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../src/io/fetch-transport.js';
import { startAttempt } from '../../src/io/http-deadlines.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';

let local: LocalServer;
beforeAll(async () => {
  local = await startLocalServer((req, res) => {
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
    if (req.url === '/hang') return;
    res.writeHead(200, { 'content-length': '1000000' });
    res.write('x'); // then nothing
  });
});
afterAll(() => local.close());

const inits: RequestInit[] = [];
const deaf: typeof fetch = (input, init) => {
  inits.push(init ?? {});
  return globalThis.fetch(input, { ...init, signal: undefined });
};
const t = fetchTransport({ fetch: deaf });
const get = (path: string, attempt = startAttempt(undefined)) => t.send({ url: new URL(`${local.origin}${path}`), method: 'GET', headers: { 'x-k': 'v' }, body: undefined, attempt });

describe('fetchTransport', () => {
  it('asks the fetch not to follow redirects, so the client can', async () => {
    const response = await get('/redirect');
    expect(response.status).toBe(302);
    expect(response.header('location')).toBe('/elsewhere');
    expect(inits.at(-1)).toMatchObject({ method: 'GET', redirect: 'manual', headers: { 'x-k': 'v' } });
    response.body.discard();
  });

  it("rejects with the attempt's reason at once, though the fetch ignores its signal", async () => {
    const attempt = startAttempt(undefined);
    const why = new Error('connect deadline');
    const pending = get('/hang', attempt);
    setTimeout(() => attempt.expire(why), 30);
    await expect(pending).rejects.toBe(why);
  });

  it('destroy ends a pending read at once with the reason given', async () => {
    const response = await get('/stall');
    const why = new Error('idle deadline');
    setTimeout(() => response.body.destroy(why), 50);
    let got = 0;
    const end = await response.body.pump((chunk) => void (got += chunk.length));
    expect(end).toEqual({ complete: false, cause: why });
    expect(got).toBe(1);
  });
});
