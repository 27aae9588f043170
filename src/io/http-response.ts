import type { HttpError } from '../errors.js';

/** An answer of an `HttpClient`: its status and headers, with the body still to read. */
export interface HttpResponse {
  /** HTTP status (redirects were followed; a 5xx, 429 or 408 was retried). */
  readonly status: number;
  /** The reason phrase. */
  readonly statusText: string;
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The URL that answered, after redirects. */
  readonly url: URL;
  /** The response headers. */
  readonly headers: Headers;
  /** One response header by name (several values joined with `, `), `null` when absent — without building `headers`. */
  header(name: string): string | null;
  /** The body: read it with `forEach`, or `cancel` it; either ends the request. */
  readonly body: HttpBody;
}

/**
 * A response body under the client's deadlines: counted, and for a GET of a known length
 * continued from the byte it reached when its connection is cut or stalls.
 */
export interface HttpBody {
  /**
   * Hands every chunk of the body to `onChunk`, in order, and resolves at its end. A promise
   * `onChunk` returns holds the next chunk back until it settles (time spent so is never
   * blamed on the server); an error it throws stops the body and is what `forEach` rejects with.
   * Otherwise rejects with an {@link HttpError} (cut beyond what can be continued, longer than
   * its `Content-Length`, a deadline passed for good), or with the reason of an aborted signal.
   * A body is read once.
   */
  forEach(onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<void>;
  /** Throws the body away unread (or stops it mid-read: `forEach` then resolves). */
  cancel(): void;
}
