import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { crossGeneratorSplit } from '../../src/splits/cross-generator-split.js';
import { recordFilter } from '../../src/splits/record-filter.js';
import { recordFilterForSplit } from '../../src/splits/record-filter-for-split.js';
import { syntheticRecords } from './synthetic.js';

const records = syntheticRecords(2000, 3);
const idsOf = (rs: readonly { id: string }[]) => rs.map((r) => r.id);

describe('recordFilterForSplit', () => {
  it('gives the train side of a holdout on the train split', () => {
    const { train } = crossGeneratorSplit(records, { holdout: 'sd2+sd3.5' });
    expect(idsOf(records.filter(recordFilterForSplit('train', { holdout: 'sd2+sd3.5' })))).toEqual(idsOf(train));
  });

  it.each(['validation', 'val', 'test'])('gives the test side of a holdout on the %s split', (split) => {
    const { test } = crossGeneratorSplit(records, { holdout: 'flux.1+hunyuandit-1.1' });
    expect(idsOf(records.filter(recordFilterForSplit(split, { holdout: 'flux.1+hunyuandit-1.1' })))).toEqual(idsOf(test));
  });

  it('lets an explicit holdoutSide win over the split name', () => {
    const { train } = crossGeneratorSplit(records, { holdout: 'glide+kolors' });
    const keep = recordFilterForSplit('validation', { holdout: 'glide+kolors', holdoutSide: 'train' });
    expect(idsOf(records.filter(keep))).toEqual(idsOf(train));
  });

  it('applies the other filters with the holdout (the loadSplit example)', () => {
    const keep = recordFilterForSplit('train', { holdout: 'sd2+sd3.5', minQuality: 3 });
    const expected = records.filter(recordFilter({ holdout: 'sd2+sd3.5', holdoutSide: 'train', minQuality: 3 }));
    expect(idsOf(records.filter(keep))).toEqual(idsOf(expected));
    expect(expected.length).toBeLessThan(crossGeneratorSplit(records, { holdout: 'sd2+sd3.5' }).train.length);
  });

  it('without a holdout is recordFilter, whatever the split', () => {
    for (const split of ['train', 'validation']) {
      expect(idsOf(records.filter(recordFilterForSplit(split, { numTurns: 1 })))).toEqual(
        idsOf(records.filter(recordFilter({ numTurns: 1 }))),
      );
    }
    expect(records.filter(recordFilterForSplit('train')).length).toBe(records.length);
  });

  it('rejects bad options with a typed error', () => {
    expect(() => recordFilterForSplit('train', { holdout: 'nope' as never })).toThrow(ArgumentError);
    expect(() => recordFilterForSplit('train', { minQuality: -1 })).toThrow(ArgumentError);
  });
});
