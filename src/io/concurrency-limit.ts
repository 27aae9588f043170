import { checkParams, keysOf } from '../internal/check-params.js';
/** A counting semaphore: at most `max` tasks run at once, the rest wait in FIFO order. */
export interface ConcurrencyLimit {
  /** Runs `task` when a slot is free; the slot is released when it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Most tasks that ever ran at once. */
  readonly peak: number;
}

/**
 * Bounds the requests a source has in flight (shared by every file of a Hub repo, so a prefetching
 * reader cannot open a hundred connections at once).
 * @example
 * const limit = concurrencyLimit({ max: 8 });
 * const bytes = await limit.run(() => source.read(0, 100));
 */
export function concurrencyLimit(params: { max: number }): ConcurrencyLimit {
  checkParams('concurrencyLimit', params, keysOf<Parameters<typeof concurrencyLimit>[0]>()('max'));
  const max = Math.max(1, Math.floor(params.max));
  const waiting: (() => void)[] = [];
  let active = 0;
  let peak = 0;
  const limit: ConcurrencyLimit = {
    get active() {
      return active;
    },
    get peak() {
      return peak;
    },
    async run(task) {
      // A released slot is handed straight to the next waiter, so a newcomer can never slip in
      // between and push the count past `max`.
      if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      peak = Math.max(peak, active);
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
  return limit;
}
