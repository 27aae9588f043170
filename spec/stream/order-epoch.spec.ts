import { describe, expect, it } from 'vitest';
import { type EpochSegment, type PartitionMode, orderEpoch } from '../../src/stream/order-epoch.js';
import { mulberry32 } from '../fixtures/mulberry32.js';

/** `groups` row groups of `size` rows each, rows numbered 0… in file order. */
function unitsOf(sizes: number[]): number[][] {
  let next = 0;
  return sizes.map((n) => Array.from({ length: n }, () => next++));
}

const base = { shuffle: true, seed: 3, epoch: 0, shuffleBuffer: 16, partition: 'pad' as PartitionMode, history: [] as EpochSegment[] };

function counts(rows: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

describe('orderEpoch', () => {
  it('is file order without shuffle, for one rank', () => {
    const units = unitsOf([3, 0, 4, 2]);
    expect(orderEpoch({ ...base, units, shuffle: false, worldSize: 1 })).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8]]);
  });

  it('is a pure function of (seed, epoch): equal inputs, equal order; another seed or epoch, another order', () => {
    const units = unitsOf(Array(20).fill(10));
    const a = orderEpoch({ ...base, units, worldSize: 1 })[0];
    expect(orderEpoch({ ...base, units, worldSize: 1 })[0]).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(units.flat());
    expect(a).not.toEqual(units.flat());
    expect(orderEpoch({ ...base, units, worldSize: 1, epoch: 1 })[0]).not.toEqual(a);
    expect(orderEpoch({ ...base, units, worldSize: 1, seed: 4 })[0]).not.toEqual(a);
  });

  it('gives every rank the same count and covers every row: pad repeats, drop leaves out, never both', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 200; trial++) {
      const sizes = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * 9));
      const units = unitsOf(sizes);
      const n = units.flat().length;
      const worldSize = 1 + Math.floor(random() * 7);
      for (const partition of ['pad', 'drop'] as const) {
        const lists = orderEpoch({ ...base, units, worldSize, partition, shuffle: random() < 0.7, shuffleBuffer: 1 + Math.floor(random() * 20) });
        expect(lists).toHaveLength(worldSize);
        const per = partition === 'pad' ? Math.ceil(n / worldSize) : Math.floor(n / worldSize);
        for (const list of lists) expect(list).toHaveLength(per);
        const seen = counts(lists.flat());
        if (partition === 'pad') {
          expect(seen.size).toBe(n); // every row, some of them twice
          expect([...seen.values()].every((c) => c <= (n < worldSize ? Math.ceil(worldSize / n) : 2))).toBe(true);
        } else {
          expect([...seen.values()].every((c) => c === 1)).toBe(true); // never twice
          expect(seen.size).toBe(per * worldSize);
        }
      }
    }
  });

  it("keeps each rank on its own row groups: a rank's rows come from its share of units, plus at most a boundary one each side", () => {
    const units = unitsOf(Array(40).fill(25));
    const unitOfRow = (r: number) => Math.floor(r / 25);
    const lists = orderEpoch({ ...base, units, worldSize: 4, shuffleBuffer: 64 });
    for (const list of lists) expect(new Set(list.map(unitOfRow)).size).toBeLessThanOrEqual(40 / 4 + 2);
  });

  it('reads in an order a bounded buffer can serve: no row comes out more than shuffleBuffer places early', () => {
    const units = unitsOf([50]);
    const [list] = orderEpoch({ ...base, units, shuffleBuffer: 8, worldSize: 1 });
    list.forEach((row, place) => expect(row).toBeLessThanOrEqual(place + 8));
    expect(list).not.toEqual(units[0]);
  });

  it('elastic resume: after every rank yielded k, the new ranks share out exactly the rows not yet yielded', () => {
    const random = mulberry32(5);
    for (let trial = 0; trial < 150; trial++) {
      const units = unitsOf(Array.from({ length: 2 + Math.floor(random() * 10) }, () => 1 + Math.floor(random() * 10)));
      const n = units.flat().length;
      const partition: PartitionMode = random() < 0.5 ? 'pad' : 'drop';
      const shuffle = random() < 0.7;
      const history: EpochSegment[] = [];
      const yielded: number[] = [];
      let worldSize = 1 + Math.floor(random() * 5);
      let resizes = 0;
      // Read in lockstep, stop at a random position, resume with another world size; repeat.
      for (;;) {
        const lists = orderEpoch({ ...base, units, partition, shuffle, history, worldSize });
        const per = lists[0].length;
        expect(lists.every((l) => l.length === per)).toBe(true);
        const last = resizes === 3 || per === 0;
        const position = last ? per : Math.floor(random() * (per + 1));
        for (const list of lists) yielded.push(...list.slice(0, position));
        if (last) break;
        history.push({ worldSize, position });
        worldSize = 1 + Math.floor(random() * 5);
        resizes++;
      }
      const seen = counts(yielded);
      if (partition === 'drop') {
        expect([...seen.values()].every((c) => c === 1)).toBe(true); // never twice, across resizes
        expect(n - seen.size).toBeLessThanOrEqual(4 * 4); // at most worldSize − 1 left out per stretch
      } else {
        expect(seen.size).toBe(n); // nothing lost
        expect(yielded.length - n).toBeLessThanOrEqual(4 * 4); // repeats only from padding
      }
    }
  });

  it('elastic resume covers the rest exactly once when the counts divide', () => {
    const units = unitsOf(Array(12).fill(10)); // 120 rows
    const first = orderEpoch({ ...base, units, worldSize: 4 }); // 30 each
    const yielded = first.flatMap((l) => l.slice(0, 6)); // 24 done, 96 left
    const second = orderEpoch({ ...base, units, history: [{ worldSize: 4, position: 6 }], worldSize: 3 }); // 32 each
    expect(second.every((l) => l.length === 32)).toBe(true);
    const all = [...yielded, ...second.flat()].sort((a, b) => a - b);
    expect(all).toEqual(units.flat());
  });

  it('rejects a position past the end of the rank lists', () => {
    expect(() => orderEpoch({ ...base, units: unitsOf([4]), history: [{ worldSize: 2, position: 3 }], worldSize: 1 })).toThrow(/position 3 is past the 2 samples/);
  });
});
