import { describe, expect, it } from 'vitest';
import { ArgumentError, RleError, composeLabelMap, encodeRle } from '../../src/index.js';

describe('composeLabelMap', () => {
  it('writes each turn in order, later turns overwriting earlier ones', () => {
    const a = encodeRle(Uint8Array.from([1, 1, 0, 1, 1, 0]), 2, 3).counts;
    const b = encodeRle(Uint8Array.from([0, 1, 1, 0, 0, 0]), 2, 3).counts;
    expect(Array.from(composeLabelMap([{ label: 4, mask_rle: a }, { label: 7, mask_rle: b }], 2, 3))).toEqual([4, 7, 7, 4, 4, 0]);
    expect(Array.from(composeLabelMap([{ label: 7, mask_rle: b }, { label: 4, mask_rle: a }], 2, 3))).toEqual([4, 4, 7, 4, 4, 0]);
  });

  it('gives all background for no turns', () => {
    expect(Array.from(composeLabelMap([], 2, 2))).toEqual([0, 0, 0, 0]);
  });

  it('rejects a turn mask of another size and a label that is not a byte', () => {
    expect(() => composeLabelMap([{ label: 1, mask_rle: '231' }], 3, 3)).toThrow(RleError);
    expect(() => composeLabelMap([{ label: 300, mask_rle: '231' }], 2, 3)).toThrow(ArgumentError);
  });
});
