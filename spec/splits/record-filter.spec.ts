import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import type { RecordMetadata } from '../../src/schema/record.js';
import { type RecordFilterOptions, recordFilter } from '../../src/splits/record-filter.js';
import { recordFilterForSplit } from '../../src/splits/record-filter-for-split.js';
import { record, syntheticRecords, turn } from './synthetic.js';

const records = syntheticRecords(3000, 5);
const ids = (o: RecordFilterOptions) => records.filter(recordFilter(o)).map((r) => r.id);
const expectIds = (o: RecordFilterOptions, want: (r: RecordMetadata) => boolean) => {
  const expected = records.filter(want).map((r) => r.id);
  // Guard against a vacuous pass: the fixture must leave something to keep and something to drop.
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(records.length);
  expect(ids(o)).toEqual(expected);
};
const isNeg = (r: RecordMetadata) => r.turns.length === 0;

describe('recordFilter', () => {
  it('keeps everything without options', () => {
    expect(ids({})).toHaveLength(records.length);
    expect(records.filter(recordFilter()).length).toBe(records.length);
  });

  describe('minQuality', () => {
    it('keeps edited images scored ≥ minQuality, and every negative (the paper keeps ≥ 3)', () => {
      expectIds({ minQuality: 3 }, (r) => isNeg(r) || (r.quality_score !== null && r.quality_score >= 3));
    });

    it('drops edited images with a null score when set, keeps them when not', () => {
      const unscored = record('u', [turn('sd2')], { quality_score: null });
      expect(recordFilter({ minQuality: 0 })(unscored)).toBe(false);
      expect(recordFilter({})(unscored)).toBe(true);
    });

    it('compares inclusively, with fractional thresholds', () => {
      expect(recordFilter({ minQuality: 3 })(record('a', [turn('sd2')], { quality_score: 3 }))).toBe(true);
      expect(recordFilter({ minQuality: 3 })(record('a', [turn('sd2')], { quality_score: 2.5 }))).toBe(false);
      expectIds({ minQuality: 2.5 }, (r) => isNeg(r) || (r.quality_score !== null && r.quality_score >= 2.5));
    });

    it.each([-0.5, 5.5, Number.NaN, '3' as unknown as number])('rejects %s', (minQuality) => {
      expect(() => recordFilter({ minQuality })).toThrow(ArgumentError);
      expect(() => recordFilter({ minQuality })).toThrow(/splits: minQuality must be a number in \[0, 5\]/);
    });

    it('accepts the bounds 0 and 5', () => {
      expect(() => recordFilter({ minQuality: 0 })).not.toThrow();
      expectIds({ minQuality: 5 }, (r) => isNeg(r) || r.quality_score === 5);
    });
  });

  describe('numTurns', () => {
    it('keeps edited images with that many turns (and the negatives by default)', () => {
      expectIds({ numTurns: 2 }, (r) => isNeg(r) || r.turns.length === 2);
      expectIds({ numTurns: [1, 3], negatives: false }, (r) => r.turns.length === 1 || r.turns.length === 3);
    });

    it('with 0 keeps only negatives', () => {
      expectIds({ numTurns: 0 }, isNeg);
      expect(ids({ numTurns: 0, negatives: false })).toEqual([]);
    });

    it.each([[-1], [1.5], [[1, -2]], [[]], ['2']])('rejects %j', (numTurns) => {
      expect(() => recordFilter({ numTurns: numTurns as never })).toThrow(ArgumentError);
    });
  });

  describe('generators', () => {
    it('keeps images with at least one turn by one of them', () => {
      expectIds({ generators: ['sd2', 'glide'], negatives: false }, (r) =>
        r.turns.some((t) => t.generator === 'sd2' || t.generator === 'glide'),
      );
      expectIds({ generators: 'kolors' }, (r) => isNeg(r) || r.turns.some((t) => t.generator === 'kolors'));
    });

    it('rejects an unknown generator, listing the valid ones, and an empty list', () => {
      expect(() => recordFilter({ generators: ['sd2', 'sd4' as never] })).toThrow(
        /unknown generator 'sd4' in generators; valid values: sd2, sd3\.5, sdxl, flux\.1, glide, kolors, hunyuandit-1\.1, kandinsky-2\.2/,
      );
      expect(() => recordFilter({ generators: [] })).toThrow(ArgumentError);
    });
  });

  describe('editTypes', () => {
    it('keeps images with at least one turn of one of them', () => {
      expectIds({ editTypes: 'removal', negatives: false }, (r) => r.turns.some((t) => t.edit_type === 'removal'));
      expectIds({ editTypes: ['attribute', 'addition'] }, (r) =>
        isNeg(r) || r.turns.some((t) => t.edit_type !== 'removal'),
      );
    });

    it('rejects an unknown edit type, listing the valid ones', () => {
      expect(() => recordFilter({ editTypes: ['inpaint' as never] })).toThrow(
        /unknown edit type 'inpaint' in editTypes; valid values: attribute, addition, removal/,
      );
    });
  });

  describe('baseType', () => {
    it('keeps images with that base, negatives included', () => {
      expectIds({ baseType: 'generated' }, (r) => r.base_type === 'generated');
      expectIds({ baseType: ['real'] }, (r) => r.base_type === 'real');
      expect(records.filter(recordFilter({ baseType: 'real' })).some(isNeg)).toBe(true);
    });

    it('rejects an unknown base type, listing the valid ones', () => {
      expect(() => recordFilter({ baseType: 'synthetic' as never })).toThrow(/valid values: real, generated/);
    });
  });

  describe('negatives', () => {
    it('keeps unedited images by default and drops them with false', () => {
      expectIds({ negatives: false }, (r) => !isNeg(r));
      expectIds({ negatives: true, generators: 'sd2' }, (r) => isNeg(r) || r.turns.some((t) => t.generator === 'sd2'));
    });

    it('rejects a non-boolean', () => {
      expect(() => recordFilter({ negatives: 'no' as never })).toThrow(/negatives must be a boolean/);
    });
  });

  describe('holdout', () => {
    it('keeps the train side by default and the test side on request', () => {
      const held = (r: RecordMetadata) => r.turns.some((t) => t.generator === 'sd2' || t.generator === 'sd3.5');
      expectIds({ holdout: 'sd2+sd3.5' }, (r) => !held(r));
      expectIds({ holdout: 'sd2+sd3.5', holdoutSide: 'test' }, held);
    });

    it('combines with the other filters', () => {
      expectIds(
        { holdout: 'glide+kolors', minQuality: 3, negatives: false },
        (r) =>
          !isNeg(r) &&
          r.quality_score !== null &&
          r.quality_score >= 3 &&
          !r.turns.some((t) => t.generator === 'glide' || t.generator === 'kolors'),
      );
    });

    it('rejects an unknown holdout, a bad side and a side without holdout', () => {
      expect(() => recordFilter({ holdout: 'sd2+kolors' as never })).toThrow(/valid presets/);
      expect(() => recordFilter({ holdout: 'sd2+sd3.5', holdoutSide: 'validation' as never })).toThrow(ArgumentError);
      expect(() => recordFilter({ holdoutSide: 'test' })).toThrow(/holdoutSide needs a holdout/);
    });
  });

  it('combines options with AND', () => {
    expectIds(
      { minQuality: 3, numTurns: [2, 3], generators: ['sdxl', 'flux.1'], editTypes: 'addition', baseType: 'real', negatives: false },
      (r) =>
        r.quality_score !== null &&
        r.quality_score >= 3 &&
        (r.turns.length === 2 || r.turns.length === 3) &&
        r.turns.some((t) => t.generator === 'sdxl' || t.generator === 'flux.1') &&
        r.turns.some((t) => t.edit_type === 'addition') &&
        r.base_type === 'real',
    );
  });

  it('refuses a key it does not know, naming the closest (a misspelt filter would otherwise keep everything)', () => {
    expect(() => ids({ minQuailty: 3 } as RecordFilterOptions)).toThrow(/recordFilter: unknown option `minQuailty`; did you mean `minQuality`\?/);
    expect(() => ids({ source: 'samples', minQuality: 3 } as RecordFilterOptions)).toThrow(ArgumentError);
  });

  it("takes its own options out of loadSplit's through recordFilterForSplit", () => {
    const loadSplitOptions = { source: 'samples', metadataOnly: true, minQuality: 3 } as RecordFilterOptions;
    expect(records.filter(recordFilterForSplit('train', loadSplitOptions)).map((r) => r.id)).toEqual(ids({ minQuality: 3 }));
  });

  it('treats undefined options as absent', () => {
    expect(ids({ minQuality: undefined, numTurns: undefined, negatives: undefined })).toHaveLength(records.length);
  });

  it('rejects options that are not an object', () => {
    expect(() => recordFilter(null as never)).toThrow(ArgumentError);
    expect(() => recordFilter('minQuality=3' as never)).toThrow(ArgumentError);
  });

  it('fails with a typed error on a record without turns, naming it', () => {
    const keep = recordFilter({ minQuality: 3 });
    expect(() => keep({ id: 'x1' } as never)).toThrow(/splits: record x1 has no turns array/);
    expect(() => keep(null as never)).toThrow(ArgumentError);
  });
});
