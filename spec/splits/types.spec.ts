import { describe, expect, expectTypeOf, it } from 'vitest';
import { RecordMetadataSchema, type DatasetRecord, type RecordMetadata } from '../../src/schema/record.js';
import type { Sample } from '../../src/schema/sample.js';
import { crossGeneratorSplit } from '../../src/splits/cross-generator-split.js';
import { filterRecords } from '../../src/splits/filter-records.js';
import { recordFilter } from '../../src/splits/record-filter.js';
import { recordFilterForSplit } from '../../src/splits/record-filter-for-split.js';
import { splitRecords } from '../../src/splits/split-records.js';
import { syntheticRecords } from './synthetic.js';

describe('splits accept richer record types', () => {
  it('keeps the element type of full records and Samples, and predicates fit them', () => {
    // Type-level checks: these lines fail `tsc -p tsconfig.check.json` if the generics regress.
    const samples: Sample[] = [];
    const full: DatasetRecord[] = [];
    expectTypeOf(splitRecords(samples, { seed: 0 }).train).toEqualTypeOf<Sample[]>();
    expectTypeOf(crossGeneratorSplit(full, { holdout: 'sd2+sd3.5' }).test).toEqualTypeOf<DatasetRecord[]>();
    expectTypeOf(filterRecords(samples, { minQuality: 3 })).toEqualTypeOf<Sample[]>();
    const onSamples: (s: Sample) => boolean = recordFilter({ minQuality: 3 });
    const onMetadata: (r: RecordMetadata) => boolean = recordFilterForSplit('train', { holdout: 'glide+kolors' });
    expect(samples.filter(onSamples)).toEqual([]);
    expect(typeof onMetadata).toBe('function');
  });

  it('runs on fixtures that are valid records by the schema', () => {
    // The specs' synthetic records must be real records, or the filters are tested on fiction.
    for (const r of syntheticRecords(300, 5)) expect(() => RecordMetadataSchema.parse(r)).not.toThrow();
  });
});
