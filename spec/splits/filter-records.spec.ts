import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { filterRecords } from '../../src/splits/filter-records.js';
import { recordFilter } from '../../src/splits/record-filter.js';
import { syntheticRecords } from './synthetic.js';

const records = syntheticRecords(1000, 9);

describe('filterRecords', () => {
  it('keeps the same records as recordFilter, in input order, as the same objects', () => {
    const options = { minQuality: 3, negatives: false } as const;
    const kept = filterRecords(records, options);
    expect(kept).toEqual(records.filter(recordFilter(options)));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(records.length);
    for (const r of kept) expect(records).toContain(r);
  });

  it('keeps richer objects typed as they came in', () => {
    const rich = records.map((r) => ({ ...r, file: 'shard.parquet' }));
    const kept = filterRecords(rich, { baseType: 'generated' });
    expect(kept.every((r) => r.file === 'shard.parquet' && r.base_type === 'generated')).toBe(true);
  });

  it('accepts any iterable', () => {
    function* gen() {
      yield* records;
    }
    expect(filterRecords(gen(), { numTurns: 3 })).toEqual(filterRecords(records, { numTurns: 3 }));
  });

  it('checks options before reading any record', () => {
    let pulled = 0;
    function* gen() {
      for (const r of records) {
        pulled++;
        yield r;
      }
    }
    expect(() => filterRecords(gen(), { minQuality: 6 })).toThrow(ArgumentError);
    expect(pulled).toBe(0);
  });
});
