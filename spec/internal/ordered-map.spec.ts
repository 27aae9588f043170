import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { orderedMap } from '../../src/internal/ordered-map.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A source of 0 … n-1 that records how far it was read and whether it was closed. */
function source(n: number) {
  const state = { pulled: 0, closed: false };
  async function* items() {
    try {
      for (let i = 0; i < n; i++) {
        state.pulled = i + 1;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

/** A map whose calls finish in reverse order of their start, counting how many run at once. */
function slowMap(fail?: number) {
  const state = { active: 0, peak: 0, started: [] as number[], finished: [] as number[] };
  const map = async (item: number) => {
    state.started.push(item);
    state.active++;
    state.peak = Math.max(state.peak, state.active);
    // Later items finish first: the output order cannot come from completion order.
    await tick(2 + (10 - (item % 10)));
    state.active--;
    state.finished.push(item);
    if (item === fail) throw new Error(`item ${item} is broken`);
    return item * 10;
  };
  return { state, map };
}

describe('orderedMap', () => {
  it('yields every result in source order with at most `concurrency` calls in flight, reading the source only as far as it needs', async () => {
    const { state: read, items } = source(25);
    const { state, map } = slowMap();
    const out: number[] = [];
    for await (const value of orderedMap({ source: items, map, concurrency: 4 })) {
      // Never more than `concurrency` items read ahead of what was taken.
      expect(read.pulled).toBeLessThanOrEqual(out.length + 4);
      out.push(value);
    }
    expect(out).toEqual(Array.from({ length: 25 }, (_, i) => i * 10));
    expect(state.peak).toBe(4);
    // Calls overlapped: some finished out of order.
    expect(state.finished).not.toEqual([...state.finished].sort((a, b) => a - b));
  });

  it('concurrency 1 is the sequential loop', async () => {
    const { state, map } = slowMap();
    const out: number[] = [];
    for await (const value of orderedMap({ source: [3, 1, 2], map, concurrency: 1 })) out.push(value);
    expect(out).toEqual([30, 10, 20]);
    expect(state.peak).toBe(1);
    expect(state.finished).toEqual([3, 1, 2]);
  });

  it('a failure surfaces in its turn, after every earlier result; the source is closed and the calls in flight have settled', async () => {
    const { state: read, items } = source(40);
    const { state, map } = slowMap(7);
    const out: number[] = [];
    let error: unknown;
    try {
      for await (const value of orderedMap({ source: items, map, concurrency: 5 })) out.push(value);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe('item 7 is broken');
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(read.closed).toBe(true);
    expect(read.pulled).toBeLessThanOrEqual(12);
    // Nothing runs on after the generator finished.
    expect(state.active).toBe(0);
    expect(state.finished.sort((a, b) => a - b)).toEqual(state.started.sort((a, b) => a - b));
  });

  it('a consumer that stops early closes the source and waits for the calls in flight', async () => {
    const { state: read, items } = source(100);
    const { state, map } = slowMap(12); // in flight when the consumer leaves: dropped, not unhandled
    const out: number[] = [];
    for await (const value of orderedMap({ source: items, map, concurrency: 6 })) {
      out.push(value);
      if (out.length === 10) break;
    }
    expect(out).toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    expect(read.closed).toBe(true);
    expect(read.pulled).toBe(15);
    expect(state.active).toBe(0);
    expect(state.finished).toContain(12);
  });

  it('a map that throws synchronously fails in its turn like any other; a bad concurrency is an ArgumentError', async () => {
    const map = (item: number): Promise<number> => {
      if (item === 2) throw new Error('sync failure');
      return Promise.resolve(item);
    };
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const value of orderedMap({ source: [0, 1, 2, 3], map, concurrency: 3 })) out.push(value);
      })(),
    ).rejects.toThrow('sync failure');
    expect(out).toEqual([0, 1]);
    for (const concurrency of [0, 1.5, Number.NaN]) {
      await expect(orderedMap({ source: [1], map, concurrency }).next()).rejects.toThrow(ArgumentError);
    }
  });
});
