import type { HttpBody, HttpResponse } from './http-response.js';

/** Statuses whose `Response` may not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * An {@link HttpResponse} as a web `Response` (what `httpClient(…).fetch` returns), its body a
 * stream that pulls from the guarded body — so a reader that stops reading holds the body back,
 * and the time it spends elsewhere is not counted against the server — and its `url` the URL
 * that answered (a constructed `Response` would have an empty one).
 * @internal
 */
export function webResponse(response: HttpResponse): Response {
  let body: ReadableStream<Uint8Array> | null = null;
  if (NULL_BODY.has(response.status)) response.body.cancel();
  else body = streamOf(response.body);
  let web: Response;
  try {
    web = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch {
    // A reason phrase `Response` refuses (bytes node's parser lets through) is dropped.
    web = new Response(body, { status: response.status, headers: response.headers });
  }
  Object.defineProperty(web, 'url', { value: response.url.href });
  return web;
}

/** A pull stream over a push body: each chunk waits in the stream until the reader asks for more. */
function streamOf(body: HttpBody): ReadableStream<Uint8Array> {
  let wake: (() => void) | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (wake) {
        const go = wake;
        wake = undefined;
        return go();
      }
      if (started) return;
      started = true;
      body
        .forEach((chunk) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) return new Promise<void>((resolve) => (wake = resolve));
        })
        .then(
          () => closeQuietly(() => controller.close()),
          (error: unknown) => closeQuietly(() => controller.error(error)),
        );
    },
    cancel() {
      body.cancel();
      wake?.();
    },
  },
  // Nothing is taken from the body before a read asks for it.
  { highWaterMark: 0 },
  );
}

/** Runs a close or error of a stream the reader may have cancelled meanwhile (then it throws). */
function closeQuietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // Already cancelled: nobody is reading.
  }
}
