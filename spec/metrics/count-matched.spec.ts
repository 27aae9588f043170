import { describe, expect, it } from 'vitest';
import { countMatched } from '../../src/metrics/count-matched.js';
import { rng } from './metrics-fixtures.js';

/** Row-major distinct pixel indices: `count` random ones, some in clusters, some on the image edges. */
function pixels(width: number, height: number, count: number, rand: () => number): Int32Array {
  const set = new Set<number>();
  while (set.size < Math.min(count, width * height)) {
    const r = rand();
    const x = r < 0.1 ? 0 : r < 0.2 ? width - 1 : Math.floor(rand() * width);
    const y = r > 0.9 ? height - 1 : Math.floor(rand() * height);
    set.add(y * width + x);
  }
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** By the definition: `from` pixels with a `to` pixel at squared distance ≤ limit. */
function bruteForce(from: Int32Array, to: Int32Array, width: number, limit: number): number {
  let matched = 0;
  for (const i of from) {
    const x = i % width;
    const y = (i - x) / width;
    if (to.some((j) => ((j % width) - x) ** 2 + ((j - (j % width)) / width - y) ** 2 <= limit)) matched++;
  }
  return matched;
}

describe('countMatched', () => {
  it('equals the definition with either list much longer than the other (both strategies), any limit', () => {
    // A `from` list over four times the `to` list is matched through a bit mask of the disk
    // around each `to` pixel; otherwise through per-row distances probed per `from` pixel.
    const rand = rng(31);
    for (let t = 0; t < 60; t++) {
      const width = 8 + Math.floor(rand() * 150);
      const height = 3 + Math.floor(rand() * 90);
      const limit = [0, 1, 2, 5, 29, 117, 200, 4000][t % 8];
      const [many, few] = [5 + Math.floor(rand() * 400), 1 + Math.floor(rand() * 40)];
      const a = pixels(width, height, many, rand);
      const b = pixels(width, height, few, rand);
      for (const [from, to] of [[a, b], [b, a]]) {
        const got = countMatched({ from, fromCount: from.length, to, toCount: to.length, width, limit });
        expect(got, `${width}×${height}, limit ${limit}, ${from.length} from ${to.length}`).toBe(bruteForce(from, to, width, limit));
      }
    }
  });

  it('equals the definition when one list is horizontal runs, some ending on the last column and going on in the next row', () => {
    // Consecutive indices across a row end are two runs, not one: the mask would otherwise reach
    // from the last column of one row to the first of the next.
    const rand = rng(77);
    for (let t = 0; t < 30; t++) {
      const width = 10 + Math.floor(rand() * 60);
      const height = 5 + Math.floor(rand() * 40);
      const runs = new Set<number>();
      for (let r = 0; r < 6; r++) {
        const start = Math.floor(rand() * width * height);
        for (let i = start; i < Math.min(width * height, start + 1 + Math.floor(rand() * 2 * width)); i++) runs.add(i);
      }
      const to = Int32Array.from([...runs].sort((a, b) => a - b));
      const from = pixels(width, height, 5 * to.length + 10, rand);
      for (const limit of [0, 2, 8, 30]) {
        const got = countMatched({ from, fromCount: from.length, to, toCount: to.length, width, limit });
        expect(got, `${width}×${height}, limit ${limit}`).toBe(bruteForce(from, to, width, limit));
      }
    }
  });

  it('reads only the first fromCount and toCount entries, and matches nothing at limit -1', () => {
    const width = 40;
    const from = Int32Array.of(41, 45, 90, 1e6, 1e6); // the tail is stale scratch
    const to = Int32Array.of(42, 1e6);
    expect(countMatched({ from, fromCount: 3, to, toCount: 1, width, limit: 1 })).toBe(1);
    expect(countMatched({ from, fromCount: 3, to, toCount: 1, width, limit: 9 })).toBe(2);
    expect(countMatched({ from, fromCount: 3, to, toCount: 1, width, limit: -1 })).toBe(0);
  });
});
