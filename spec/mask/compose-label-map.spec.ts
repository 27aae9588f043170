import { describe, expect, it } from 'vitest';
import { ArgumentError, RleError, composeLabelMap, encodeRle } from '../../src/index.js';

describe('composeLabelMap', () => {
  it('writes each turn in order, later turns overwriting earlier ones', () => {
    const a = encodeRle({ mask: Uint8Array.from([1, 1, 0, 1, 1, 0]), height: 2, width: 3 }).counts;
    const b = encodeRle({ mask: Uint8Array.from([0, 1, 1, 0, 0, 0]), height: 2, width: 3 }).counts;
    expect(Array.from(composeLabelMap({ turns: [{ label: 4, mask_rle: a }, { label: 7, mask_rle: b }], height: 2, width: 3 }))).toEqual([4, 7, 7, 4, 4, 0]);
    expect(Array.from(composeLabelMap({ turns: [{ label: 7, mask_rle: b }, { label: 4, mask_rle: a }], height: 2, width: 3 }))).toEqual([4, 4, 7, 4, 4, 0]);
  });

  it('gives all background for no turns', () => {
    expect(Array.from(composeLabelMap({ turns: [], height: 2, width: 2 }))).toEqual([0, 0, 0, 0]);
  });

  it('rejects a turn mask of another size and a label that is not a byte', () => {
    expect(() => composeLabelMap({ turns: [{ label: 1, mask_rle: '231' }], height: 3, width: 3 })).toThrow(RleError);
    expect(() => composeLabelMap({ turns: [{ label: 300, mask_rle: '231' }], height: 2, width: 3 })).toThrow(ArgumentError);
  });
});
