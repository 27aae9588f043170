import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/index.js';
import { RleError, composeLabelMap, encodeRle } from '../../src/mask/index.js';

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

  it('refuses a size above MAX_IMAGE_PIXELS before allocating, and names the turn whose RLE is bad', () => {
    expect(() => composeLabelMap({ turns: [], width: 100000, height: 100000 })).toThrow(/100000×100000 is 10000000000 pixels, more than the 268402689/);
    expect(() => composeLabelMap({ turns: [{ label: 1, mask_rle: '231' }, { label: 2, mask_rle: '23' }], width: 3, height: 2 })).toThrow(
      /^rle: turn 1: runs sum to 5 but a 2×3 mask has 6 pixels$/,
    );
  });
});
