/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` aborts — so an abort
 * does not wait for a slow read to finish, nor for a `fetch` of a caller's own that ignores
 * signals. The work itself goes on; its result (or failure) is dropped, never left unhandled.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
