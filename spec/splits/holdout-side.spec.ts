import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { holdoutSide } from '../../src/splits/holdout-side.js';
import { record, turn } from './synthetic.js';

describe('holdoutSide', () => {
  it('puts an image edited only by seen generators on train', () => {
    expect(holdoutSide({ record: record('a', [turn('sdxl'), turn('flux.1', 1)]), holdout: 'sd2+sd3.5' })).toBe('train');
  });

  it('puts an image with a held-out edit on test, at any turn position', () => {
    expect(holdoutSide({ record: record('a', [turn('sd3.5')]), holdout: 'sd2+sd3.5' })).toBe('test');
    expect(holdoutSide({ record: record('b', [turn('sdxl'), turn('glide', 1), turn('sd2', 2)]), holdout: 'sd2+sd3.5' })).toBe(
      'test',
    );
  });

  it('puts a mixed image on test', () => {
    expect(holdoutSide({ record: record('a', [turn('kolors'), turn('sdxl', 1)]), holdout: 'glide+kolors' })).toBe('test');
  });

  it('puts a negative on train', () => {
    expect(holdoutSide({ record: record('n', []), holdout: 'flux.1+hunyuandit-1.1' })).toBe('train');
  });

  it('accepts a custom list of generators', () => {
    expect(holdoutSide({ record: record('a', [turn('kandinsky-2.2')]), holdout: ['kandinsky-2.2'] })).toBe('test');
    expect(holdoutSide({ record: record('a', [turn('kandinsky-2.2')]), holdout: ['sdxl'] })).toBe('train');
  });

  it('rejects an unknown holdout', () => {
    expect(() => holdoutSide({ record: record('a', []), holdout: 'all' as never })).toThrow(ArgumentError);
  });

  it('rejects a record without a turns array, naming it', () => {
    expect(() => holdoutSide({ record: { id: 'r9' } as never, holdout: 'sd2+sd3.5' })).toThrow(
      /splits: record r9 has no turns array/,
    );
    expect(() => holdoutSide({ record: null as never, holdout: 'sd2+sd3.5' })).toThrow(ArgumentError);
  });
});
