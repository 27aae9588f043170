import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../src/charts/nice-ticks.js';

describe('niceTicks', () => {
  it('starts at 0, steps by 1, 2 or 5 × 10^k, and ends at or above the maximum', () => {
    expect(niceTicks({ max: 14_308 })).toEqual([0, 5000, 10000, 15000]);
    expect(niceTicks({ max: 35 })).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks({ max: 100 })).toEqual([0, 50, 100]);
    for (const max of [1, 3, 7, 9.5, 12, 99, 101, 1234, 30_000, 987_654]) {
      const ticks = niceTicks({ max });
      const step = ticks[1] - ticks[0];
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks[ticks.length - 2]).toBeLessThan(max);
      expect(step / 10 ** Math.floor(Math.log10(step))).toSatisfy((m: number) => [1, 2, 5].includes(m));
      expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    }
  });

  it('allows fractional steps without float noise when asked, and survives an empty axis', () => {
    expect(niceTicks({ max: 0.3, integer: false })).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks({ max: 0 })).toEqual([0, 1]);
    expect(niceTicks({ max: Number.NaN })).toEqual([0, 1]);
  });
});
