import { untilAborted } from '../internal/until-aborted.js';
import type { HttpTransport, TransportBody } from './http-transport.js';

/**
 * The transport over a `fetch` of the caller's own (a proxy, a mock, a browser's): every request
 * goes through it with `redirect: 'manual'`, so the client still follows redirects itself and
 * the token still goes only to its origin. Such a fetch may ignore signals: a request is raced
 * against its signal, and a body is stopped by cancelling its reader.
 * @internal
 */
export function fetchTransport(params: { fetch: typeof globalThis.fetch }): HttpTransport {
  const { fetch } = params;
  return {
    kind: 'fetch',
    async send(request) {
      const { signal } = request.attempt;
      const response = await untilAborted(fetch(request.url, { method: request.method, headers: request.headers, body: request.body as BodyInit | undefined, redirect: 'manual', signal }), signal);
      return {
        status: response.status,
        statusText: response.statusText,
        header: (name) => response.headers.get(name),
        headers: () => response.headers,
        body: webBody(response),
      };
    },
  };
}

function webBody(response: Response): TransportBody {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let reason: unknown;
  const stop = (why: unknown) => void (reader ? reader.cancel(why) : response.body?.cancel(why))?.catch(() => undefined);
  return {
    async pump(onChunk) {
      if (reason !== undefined) return { complete: false, cause: reason };
      if (!response.body) return { complete: true };
      // A cancelled reader's pending read returns at once, also when the fetch ignores signals.
      reader = response.body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          return { complete: false, cause: reason ?? error };
        }
        if (reason !== undefined) return { complete: false, cause: reason };
        if (chunk.done) return { complete: true };
        try {
          const later = onChunk(chunk.value);
          if (later) await later;
        } catch (error) {
          stop(error);
          throw error;
        }
      }
    },
    destroy(why) {
      if (reason !== undefined) return;
      reason = why ?? new Error('the body was cancelled');
      stop(reason);
    },
    discard() {
      stop(undefined);
    },
  };
}
