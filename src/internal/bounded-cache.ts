/** A map that forgets its least recently used entries beyond a count and a total weight. */
export interface BoundedCache<K, V> {
  /** The value stored under `key` (now the most recently used), or `undefined`. */
  get(key: K): V | undefined;
  /** Stores `value` under `key`; a value heavier than the whole budget is not stored. */
  set(key: K, value: V): void;
  /** Entries held. */
  readonly size: number;
}

/**
 * A least-recently-used cache bounded by `maxEntries` and by the sum of `weigh(value)` (e.g. the
 * bytes a value was parsed from), so a process reading many datasets holds a bounded amount.
 * @example
 * const footers = boundedCache<string, Footer>({ maxEntries: 1024, maxWeight: 16 << 20, weigh: (f) => f.bytes });
 */
export function boundedCache<K, V>(params: { maxEntries: number; maxWeight: number; weigh: (value: V) => number }): BoundedCache<K, V> {
  const { maxEntries, maxWeight, weigh } = params;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<K, { value: V; weight: number }>();
  let weight = 0;
  const remove = (key: K) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    weight -= entry.weight;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      remove(key);
      const w = weigh(value);
      if (w > maxWeight) return;
      entries.set(key, { value, weight: w });
      weight += w;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && weight <= maxWeight) break;
        remove(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
