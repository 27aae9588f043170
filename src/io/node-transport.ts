import http from 'node:http';
import https from 'node:https';
import { after } from './http-deadlines.js';
import type { BodyEnd, HttpTransport, TransportBody, TransportRequest, TransportResponse } from './http-transport.js';

/**
 * Keep-alive connections, as the built-in fetch keeps them. An idle socket is unref'd by the
 * agent, so it never keeps the process alive.
 */
const AGENTS = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** The largest body {@link TransportBody.discard} reads to its end to keep the connection. */
const DISCARD_READ_BYTES = 64 * 1024;

/**
 * The default transport: `node:http`/`node:https` on keep-alive agents, each body delivered as
 * the socket gives it (flowing, paused only while a consumer's promise is pending) — no web
 * streams. At 3 MB a range, Node's built-in `fetch` and the stream wrappers around its body cost
 * three to four times the CPU of the whole read on this path.
 * @internal
 */
export function nodeTransport(): HttpTransport {
  return { kind: 'node:http', send };
}

function send(request: TransportRequest): Promise<TransportResponse> {
  const { url, attempt } = request;
  const protocol = url.protocol as keyof typeof AGENTS;
  const client = protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (attempt.aborted) return reject(attempt.reason);
    const req = client.request(url, { method: request.method, agent: AGENTS[protocol], headers: request.headers });
    const unlink = attempt.onAbort((reason) => {
      req.destroy();
      reject(reason);
    });
    req.on('response', (response) => {
      unlink();
      resolve(nodeResponse(response));
    });
    // Also after the response: a socket error then is the body's, seen on the response.
    req.on('error', (error) => {
      unlink();
      reject(error);
    });
    req.end(request.body);
  });
}

function nodeResponse(response: http.IncomingMessage): TransportResponse {
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    header: (name) => {
      const value = response.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    headers: () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
          try {
            headers.append(name, one);
          } catch {
            // A value `Headers` refuses (node's parser is more lenient) is left out, not fatal.
          }
        }
      }
      return headers;
    },
    body: nodeBody(response),
  };
}

function nodeBody(response: http.IncomingMessage): TransportBody {
  let error: unknown;
  let reason: unknown;
  let closed = false;
  let onClose: (() => void) | undefined;
  // A reset can come before anyone reads the body: kept for the reader, never an unhandled 'error'.
  response.on('error', (e) => void (error ??= e));
  // 'close' comes last, after 'end' or after a cut; `complete` tells them apart.
  response.once('close', () => {
    closed = true;
    onClose?.();
  });
  const end = (): BodyEnd => (response.complete ? { complete: true } : { complete: false, cause: reason ?? error ?? new Error('the connection closed before the body ended') });
  return {
    pump(onChunk) {
      return new Promise((resolve, reject) => {
        let failed: { error: unknown } | undefined;
        let pending: Promise<void> | undefined;
        const fail = (e: unknown) => {
          failed ??= { error: e };
          response.destroy();
        };
        const settle = () => (failed ? reject(failed.error) : resolve(end()));
        // Settled once the consumer is done with the chunk it holds, so nothing of it runs after.
        onClose = () => void (pending ? pending.then(settle) : settle());
        if (closed) return onClose();
        response.on('data', (chunk: Buffer) => {
          // A destroyed response may still emit what it had buffered: nobody wants it any more.
          if (failed || reason !== undefined) return;
          let later: void | Promise<void>;
          try {
            later = onChunk(chunk);
          } catch (e) {
            return fail(e);
          }
          if (!later) return;
          response.pause();
          pending = later.then(() => {
            pending = undefined;
            if (!failed && reason === undefined) response.resume();
          }, fail);
        });
      });
    },
    destroy(why) {
      reason ??= why ?? new Error('the body was cancelled');
      response.destroy();
    },
    discard() {
      if (closed) return;
      if (!response.complete && !(Number(response.headers['content-length']) <= DISCARD_READ_BYTES)) return void response.destroy();
      // Read to its end — also when it is all here: only a body read to its end gives the
      // connection back to the agent — but never wait on a slow one.
      response.resume();
      const cancel = after(1000, () => response.destroy());
      response.once('close', cancel);
    },
  };
}
