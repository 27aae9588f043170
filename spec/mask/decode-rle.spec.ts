import { countsToString } from '../../src/mask/rle-counts.js';
import { describe, expect, it } from 'vitest';
import { DiffsegError } from '../../src/index.js';
import { RleError, decodeRle, encodeRle } from '../../src/mask/index.js';
import { blobMask, referenceCounts, referenceString, rng } from './reference.js';

describe('decodeRle', () => {
  it('decodes the pycocotools vectors row-major', () => {
    expect(Array.from(decodeRle({ size: [2, 3], counts: '231' }))).toEqual([0, 1, 1, 0, 1, 0]);
    expect(Array.from(decodeRle({ size: [1, 7], counts: '231N' }))).toEqual([0, 0, 1, 1, 1, 0, 1]);
    const long = decodeRle({ size: [1, 225], counts: 'T3d0`20eM' });
    expect(long.reduce((a, b) => a + b, 0)).toBe(40);
    expect(long[100]).toBe(1);
    expect(long[120]).toBe(0);
    expect(long[219]).toBe(1);
  });

  it('accepts uncompressed counts arrays', () => {
    expect(Array.from(decodeRle({ size: [2, 3], counts: [2, 3, 1] }))).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('inverts encodeRle on random masks, including runs that wrap several columns', () => {
    const random = rng(11);
    for (let t = 0; t < 300; t++) {
      const height = 1 + Math.floor(random() * 33);
      const width = 1 + Math.floor(random() * 33);
      const mask = blobMask(height, width, random);
      const decoded = decodeRle(encodeRle({ mask, height, width }));
      expect(Array.from(decoded)).toEqual(Array.from(mask, (v) => (v ? 1 : 0)));
    }
    // A full mask is one run wrapping every column.
    expect(Array.from(decodeRle({ size: [3, 4], counts: [0, 12] }))).toEqual(new Array(12).fill(1));
  });

  it('decodes strings made by the literal pycocotools transcription', () => {
    const random = rng(5);
    const mask = blobMask(50, 70, random);
    const counts = referenceString(referenceCounts(mask, 50, 70));
    expect(Array.from(decodeRle({ size: [50, 70], counts }))).toEqual(Array.from(mask, (v) => (v ? 1 : 0)));
  });

  it('throws a typed RleError for a character outside the alphabet', () => {
    expect(() => decodeRle({ size: [2, 3], counts: '23~' })).toThrow(RleError);
    expect(() => decodeRle({ size: [2, 3], counts: '2 3' })).toThrow(/outside the RLE alphabet/);
    try {
      decodeRle({ size: [2, 3], counts: '23~' });
    } catch (error) {
      expect(error).toBeInstanceOf(DiffsegError);
      expect((error as DiffsegError).code).toBe('RLE_INVALID');
    }
  });

  it('throws when the runs do not sum to h·w', () => {
    expect(() => decodeRle({ size: [2, 3], counts: '23' })).toThrow(/runs sum to 5 but a 2×3 mask has 6 pixels/);
    expect(() => decodeRle({ size: [2, 3], counts: '2311' })).toThrow(RleError);
  });

  it('throws for a negative run, whether compressed or raw', () => {
    // counts [2, 3, 1, -1 + ...]: 'N' after '231' encodes a delta making run 3 = 3 + (-4) < 0
    const negative = referenceString([2, 3, 1, -1]);
    expect(() => decodeRle({ size: [1, 5], counts: negative })).toThrow(/non-negative/);
    expect(() => decodeRle({ size: [1, 6], counts: [2, -1, 5] })).toThrow(RleError);
  });

  it('throws for a string ending inside a number and for a bad size', () => {
    expect(() => decodeRle({ size: [1, 5], counts: 'a' })).toThrow(/ends inside a number/);
    expect(() => decodeRle({ size: [2] as unknown as [number, number], counts: '231' })).toThrow(/size/);
  });

  it('refuses a size above MAX_IMAGE_PIXELS with an RleError before allocating (not a RangeError)', () => {
    // One run of zeros covering 100000² pixels: a well-formed string for an absurd mask.
    const huge = countsToString([100000 * 100000]);
    const error = (() => {
      try {
        decodeRle({ size: [100000, 100000], counts: huge });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RleError);
    expect((error as Error).message).toBe('rle: size 100000×100000 is 10000000000 pixels, more than the 268402689 (16383²) any mask may have');
    expect(() => decodeRle({ size: [16383, 16384], counts: [16383 * 16384] })).toThrow(RleError);
  });
});
