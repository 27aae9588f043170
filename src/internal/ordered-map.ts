import { ArgumentError } from '../errors.js';

/**
 * `map` over an iterable with up to `concurrency` calls in flight, results yielded in the
 * source's order — what lets work that runs off the main thread (sharp's codecs on libuv's
 * threadpool) use every core while its consumer still sees one item after another. Memory holds
 * at most `concurrency` items and their results; the source is read only as results are taken.
 *
 * A failed call surfaces when its turn comes, after every earlier result has been yielded. Then,
 * or when the consumer stops early, the source is closed and the calls still in flight are waited
 * for (their results and failures dropped, never unhandled): nothing runs on after the generator
 * has finished. `concurrency: 1` is the plain sequential loop.
 *
 * @throws {ArgumentError} when `concurrency` is not a positive integer.
 * @example
 * for await (const record of orderedMap({ source: samples, map: (s) => distort(s), concurrency: 4 })) write(record);
 */
export async function* orderedMap<T, R>(params: {
  source: AsyncIterable<T> | Iterable<T>;
  map: (item: T, index: number) => Promise<R>;
  concurrency: number;
}): AsyncGenerator<R, void, undefined> {
  const { source, map, concurrency } = params;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ArgumentError({ message: `orderedMap: concurrency must be a positive integer, got ${String(concurrency)}` });
  }
  const inFlight: Promise<R>[] = [];
  let index = 0;
  try {
    for await (const item of source) {
      const i = index++;
      // Through a promise, so a `map` that throws synchronously fails in its turn like any other.
      const result = Promise.resolve().then(() => map(item, i));
      result.catch(() => undefined); // surfaced in its turn; never an unhandled rejection meanwhile
      inFlight.push(result);
      if (inFlight.length >= concurrency) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await Promise.allSettled(inFlight);
  }
}
