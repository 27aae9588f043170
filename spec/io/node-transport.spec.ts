/** The node:http transport's contract, against a real server on 127.0.0.1. */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttempt } from '../../src/io/http-deadlines.js';
import { nodeTransport } from '../../src/io/node-transport.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';

const sockets = new Set<Socket>();
let local: LocalServer;
beforeAll(async () => {
  local = await startLocalServer((req, res) => {
    switch (req.url) {
      case '/small':
        return void res.writeHead(200, { 'content-length': '5' }).end('hello');
      case '/big':
        return void res.writeHead(200, { 'content-length': String(1 << 20) }).end(Buffer.alloc(1 << 20));
      case '/reset-after-headers':
        res.writeHead(200, { 'content-length': '100' });
        res.write('x');
        return void setTimeout(() => req.socket.destroy(), 20);
      case '/hang':
        return; // never answers
      case '/drip':
        res.writeHead(200, { 'content-length': '1000000' });
        return void res.write('x');
    }
    res.writeHead(404).end();
  });
  local.server.on('connection', (s) => sockets.add(s));
});
afterAll(() => local.close());

const t = nodeTransport();
const get = (path: string, attempt = startAttempt(undefined)) => t.send({ url: new URL(`${local.origin}${path}`), method: 'GET', headers: {}, body: undefined, attempt });

describe('nodeTransport', () => {
  it('delivers a body, holding chunks back while a promise from onChunk is pending', async () => {
    const response = await get('/big');
    expect(response.status).toBe(200);
    expect(response.header('content-length')).toBe(String(1 << 20));
    expect(response.headers().get('content-length')).toBe(String(1 << 20));
    let inside = false;
    let got = 0;
    const end = await response.body.pump(async (chunk) => {
      expect(inside).toBe(false);
      inside = true;
      got += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, 1));
      inside = false;
    });
    expect(end).toEqual({ complete: true });
    expect(got).toBe(1 << 20);
  });

  it('keeps a reset that came before anyone read for the reader, and says the body did not complete', async () => {
    const response = await get('/reset-after-headers');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the reset happens while nobody reads
    const end = await response.body.pump(() => undefined);
    expect(end.complete).toBe(false);
    expect(end.cause).toBeInstanceOf(Error);
  });

  it('destroy ends a pump in progress with the reason given; an error thrown by onChunk is what pump rejects with', async () => {
    const dripping = await get('/drip');
    const why = new Error('deadline');
    setTimeout(() => dripping.body.destroy(why), 50);
    expect(await dripping.body.pump(() => undefined)).toEqual({ complete: false, cause: why });
    const big = await get('/big');
    const stop = new Error('stop');
    await expect(big.body.pump(() => Promise.reject(stop))).rejects.toBe(stop);
  });

  it('discard reads a small body to its end so the connection serves again, and closes a large one', async () => {
    sockets.clear();
    (await get('/small')).body.discard();
    await new Promise((resolve) => setTimeout(resolve, 50));
    (await get('/small')).body.discard();
    expect(sockets.size).toBe(1);
    const big = await get('/big');
    big.body.discard();
    expect(await big.body.pump(() => undefined)).toMatchObject({ complete: false });
  });

  it("rejects with the attempt's reason when it is aborted before the headers, or by its call's signal", async () => {
    const attempt = startAttempt(undefined);
    const why = new Error('connect deadline');
    const pending = get('/hang', attempt);
    setTimeout(() => attempt.expire(why), 30);
    await expect(pending).rejects.toBe(why);
    const controller = new AbortController();
    const byCall = get('/hang', startAttempt(controller.signal));
    const stop = new Error('stop here');
    setTimeout(() => controller.abort(stop), 30);
    await expect(byCall).rejects.toBe(stop);
  });
});
