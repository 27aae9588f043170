/**
 * What the HTTP client needs of a transport: send one request, hand back the status and headers,
 * and deliver the body when asked. Nothing else — redirects, the token, retries, deadlines,
 * continuing a cut body and the counters are the client's (`httpClient`), the same over every
 * transport. Two implement it: `node:http`/`node:https` (the default) and a `fetch` of the
 * caller's own.
 * @internal
 */
import type { Attempt } from './http-deadlines.js';

/** One request as a transport sends it: redirects are not followed, nothing is retried. */
export interface TransportRequest {
  url: URL;
  /** Upper-case method. */
  method: string;
  /** Header names in lower case; the client has already set or dropped `Authorization`. */
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
  /**
   * Aborted, it ends the request while it waits for its headers: `send` then rejects with its
   * reason, at once. (A body is stopped with {@link TransportBody.destroy}.)
   */
  attempt: Attempt;
}

/** An answer's status line and headers; the body not read yet. */
export interface TransportResponse {
  status: number;
  statusText: string;
  /** A header by lower-case name, several values joined with `, `; `null` when absent. */
  header(name: string): string | null;
  /** Every header. */
  headers(): Headers;
  body: TransportBody;
}

/** How one connection's body ended. */
export interface BodyEnd {
  /** The body came to its end; `false` when the connection was cut, failed or was destroyed. */
  complete: boolean;
  /** Why it did not complete (a network error, the reason given to `destroy`). */
  cause?: unknown;
}

/** One response body, read once. */
export interface TransportBody {
  /**
   * Delivers the body's bytes to `onChunk` as they come, in order, until it ends; a promise
   * `onChunk` returns holds the next chunk back until it settles. Resolves with how it ended
   * (never rejects for the connection's sake); when `onChunk` throws or rejects, the body is
   * destroyed and `pump` rejects with that error, once no call of `onChunk` is still running.
   */
  pump(onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<BodyEnd>;
  /** Stops the body (its connection closed); a `pump` in progress resolves with `reason` as its cause. */
  destroy(reason?: unknown): void;
  /**
   * Throws away a body nobody will read (a redirect's, an error's that will be retried): a small
   * one is read to its end so its keep-alive connection can serve again, any other is closed.
   */
  discard(): void;
}

/** A way of sending HTTP requests. */
export interface HttpTransport {
  /** Which it is, for the client's `transport` field. */
  readonly kind: 'node:http' | 'fetch';
  /** Sends one request and resolves with its answer once the headers came. */
  send(request: TransportRequest): Promise<TransportResponse>;
}
