/**
 * A real HTTP server on 127.0.0.1 that misbehaves the ways that make a client hang, one way per
 * path, for the deadline specs. Paths that serve bytes honour a single `Range` (206 with
 * `Content-Range` and a strong ETag) over {@link STALLING_DATA}:
 *
 * - `/ok` — the bytes, at once;
 * - `/silent` — accepts, reads the request, never answers;
 * - `/headers-only` — headers (with the Content-Length), then silence, the connection held;
 * - `/short` — a tenth of the body, then silence with the connection held (a Content-Length
 *   larger than the body);
 * - `/trickle?every=ms` — one byte every `every` ms (default 1000), forever;
 * - `/stall-first?k=…` — the first request (per query) sends half of its body and stalls, later
 *   ones are served;
 * - `/chunked-stall` — 200 without a Content-Length (chunked), 100 bytes, then silence;
 * - `/chunked` — 200 without a Content-Length, 100 bytes, then the end;
 * - `/echo?status=N` — status N (default 200), a text body that is not JSON and echoes the request's
 *   headers (its `Authorization` included), padded to 5,000 characters;
 * - `/echo-json?status=N` — `{"error": …}` that echoes the `Authorization` header;
 * - `/echo-status` — 503 with a reason phrase, and `/echo-range` a 206 with a `Content-Range`
 *   and an ETag, that echo the `Authorization` header;
 * - `/endless` — 200, chunked, 64 KiB chunks for as long as the client reads;
 * - `/503` — always 503;
 * - `/loop` (to itself), `/ping` ↔ `/pong`, `/to-file` (`file:///etc/passwd`) — redirects.
 *
 * Every request is counted by path and query; `close()` drops every held connection.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The bytes the server serves: 100,000 of a fixed pattern. */
export const STALLING_DATA = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31 + 7) % 253);

/** A running stalling server. */
export interface StallingServer {
  origin: string;
  /** Requests per path and query so far. */
  hits: Map<string, number>;
  /** The `Range` header of every request, in order, by path and query. */
  ranges: Map<string, (string | undefined)[]>;
  close(): Promise<void>;
}

const BYTE_PATHS = new Set(['/ok', '/headers-only', '/short', '/trickle', '/stall-first']);

/** Starts the server on a free port of 127.0.0.1. */
export async function startStallingServer(): Promise<StallingServer> {
  const hits = new Map<string, number>();
  const ranges = new Map<string, (string | undefined)[]>();
  const timers = new Set<NodeJS.Timeout>();

  const serveRange = (req: IncomingMessage, res: ServerResponse): { body: Uint8Array } => {
    const m = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] !== undefined ? Math.min(Number(m[2]) + 1, STALLING_DATA.length) : STALLING_DATA.length;
    const body = STALLING_DATA.subarray(start, end);
    const headers: Record<string, string> = { 'content-length': String(body.length), etag: '"stalling-v1"', 'accept-ranges': 'bytes' };
    if (m) headers['content-range'] = `bytes ${start}-${end - 1}/${STALLING_DATA.length}`;
    res.writeHead(m ? 206 : 200, headers);
    return { body };
  };
  const every = (ms: number, fn: () => void, res: ServerResponse) => {
    const timer = setInterval(fn, ms);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const key = `${path}${url.search}`;
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    ranges.set(key, [...(ranges.get(key) ?? []), req.headers.range]);
    switch (path) {
      case '/silent':
        return; // never answers
      case '/loop':
        return void res.writeHead(302, { location: '/loop' }).end();
      case '/ping':
        return void res.writeHead(302, { location: '/pong' }).end();
      case '/pong':
        return void res.writeHead(302, { location: '/ping' }).end();
      case '/to-file':
        return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      case '/503':
        return void res.writeHead(503).end('busy');
      case '/chunked':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(STALLING_DATA.subarray(0, 100));
      case '/echo':
        res.writeHead(Number(url.searchParams.get('status') ?? 200), { 'content-type': 'text/plain' });
        return void res.end(`not json; you sent ${JSON.stringify(req.headers)} `.padEnd(5000, 'x'));
      case '/echo-json':
        res.writeHead(Number(url.searchParams.get('status') ?? 200), { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: `Invalid credentials in Authorization header: ${req.headers.authorization}` }));
      case '/echo-status':
        return void res.writeHead(503, `Busy ${req.headers.authorization}`).end();
      case '/echo-range':
        return void res.writeHead(206, { 'content-range': `bytes ${req.headers.authorization}`, etag: `"${req.headers.authorization}"`, 'content-length': '10' }).end(Buffer.alloc(10));
      case '/chunked-stall':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(STALLING_DATA.subarray(0, 100));
        return;
      case '/endless': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
        return;
      }
    }
    if (!BYTE_PATHS.has(path)) return void res.writeHead(404).end();
    const { body } = serveRange(req, res);
    switch (path) {
      case '/ok':
        return void res.end(body);
      case '/headers-only':
        return void res.flushHeaders();
      case '/short':
        return void res.write(body.subarray(0, Math.ceil(body.length / 10)));
      case '/trickle': {
        let i = 0;
        res.flushHeaders();
        every(Number(url.searchParams.get('every') ?? 1000), () => i < body.length && res.write(body.subarray(i, ++i)), res);
        return;
      }
      case '/stall-first':
        if (n === 1) return void res.write(body.subarray(0, body.length >> 1));
        return void res.end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    ranges,
    close: () => {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
