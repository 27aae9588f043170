import { describe, expect, it } from 'vitest';
import { boundedCache } from '../../src/internal/bounded-cache.js';

describe('boundedCache', () => {
  it('forgets the least recently used entries beyond its count', () => {
    const cache = boundedCache<string, number>({ maxEntries: 2, maxWeight: 100, weigh: () => 1 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // now b is the least recently used
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('keeps the total weight within its budget, and never stores a value heavier than the budget', () => {
    const cache = boundedCache<string, string>({ maxEntries: 100, maxWeight: 10, weigh: (v) => v.length });
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz'); // 12 > 10: a goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'yyyy', 'zzzz']);
    cache.set('huge', 'x'.repeat(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set('b', 'y'); // replacing an entry gives back its weight
    cache.set('d', 'wwww');
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual(['y', 'zzzz', 'wwww']);
  });
});
