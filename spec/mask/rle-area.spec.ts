import { describe, expect, it } from 'vitest';
import { RleError, encodeRle, rleArea } from '../../src/index.js';
import { blobMask, rng } from './reference.js';

describe('rleArea', () => {
  it('counts the set pixels without decoding', () => {
    expect(rleArea({ size: [2, 3], counts: '231' })).toBe(3);
    const random = rng(2);
    for (let t = 0; t < 50; t++) {
      const mask = blobMask(20, 31, random);
      expect(rleArea(encodeRle(mask, 20, 31))).toBe(mask.filter((v) => v !== 0).length);
    }
  });

  it('rejects malformed RLE', () => {
    expect(() => rleArea({ size: [2, 3], counts: '2' })).toThrow(RleError);
  });
});
