import { describe, expect, it } from 'vitest';
import { RleError, encodeRle, rleArea } from '../../src/mask/index.js';
import { blobMask, rng } from './reference.js';

describe('rleArea', () => {
  it('counts the set pixels without decoding', () => {
    expect(rleArea({ size: [2, 3], counts: '231' })).toBe(3);
    const random = rng(2);
    for (let t = 0; t < 50; t++) {
      const mask = blobMask(20, 31, random);
      expect(rleArea(encodeRle({ mask, height: 20, width: 31 }))).toBe(mask.filter((v) => v !== 0).length);
    }
  });

  it('rejects malformed RLE', () => {
    expect(() => rleArea({ size: [2, 3], counts: '2' })).toThrow(RleError);
  });
});

describe('rleArea on very large masks (counts of 6 and 7 five-bit groups)', () => {
  it('parses counts beyond 2^25 and 2^30 exactly, without decoding', async () => {
    const { referenceString } = await import('./reference.js');
    // 39,999,999 needs six groups; 2^31 - 5 needs seven (the float fallback).
    expect(rleArea({ size: [1, 40_000_000], counts: referenceString([1, 39_999_999]) })).toBe(39_999_999);
    expect(rleArea({ size: [2, 2 ** 30], counts: referenceString([3, 2 ** 31 - 5, 2]) })).toBe(2 ** 31 - 5);
    // A negative delta after a large count keeps its sign through the fast path.
    expect(rleArea({ size: [1, 2 ** 26 + 12], counts: referenceString([2 ** 26, 5, 3, 4]) })).toBe(9);
  });
});
