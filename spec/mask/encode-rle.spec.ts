import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/index.js';
import { encodeRle } from '../../src/mask/index.js';
import { blobMask, referenceCounts, referenceString, rng } from './reference.js';

function rowMajor(rows: number[][]): Uint8Array {
  return Uint8Array.from(rows.flat());
}

describe('encodeRle', () => {
  it('matches the pycocotools test vectors of docs/format.md', () => {
    expect(encodeRle({ mask: rowMajor([[0, 1, 1], [0, 1, 0]]), height: 2, width: 3 })).toEqual({ size: [2, 3], counts: '231' });
    // counts [2,3,1,1] → "231N": a 1×7 row 0 0 1 1 1 0 1
    expect(encodeRle({ mask: rowMajor([[0, 0, 1, 1, 1, 0, 1]]), height: 1, width: 7 }).counts).toBe('231N');
    // counts [100,20,80,20,5] → "T3d0`20eM" as one 1×225 row
    const row = new Uint8Array(225);
    row.fill(1, 100, 120);
    row.fill(1, 200, 220);
    expect(encodeRle({ mask: row, height: 1, width: 225 }).counts).toBe('T3d0`20eM');
  });

  it('treats any non-zero byte as inside', () => {
    expect(encodeRle({ mask: rowMajor([[0, 7, 255], [0, 1, 0]]), height: 2, width: 3 }).counts).toBe('231');
  });

  it('starts with a zero-length run when the first pixel is set', () => {
    expect(encodeRle({ mask: new Uint8Array([1, 1, 1, 1]), height: 2, width: 2 }).counts).toBe(referenceString([0, 4]));
  });

  it('equals the reference on random blob masks of many shapes (aligned and unaligned widths)', () => {
    const random = rng(7);
    for (let t = 0; t < 300; t++) {
      const height = 1 + Math.floor(random() * 40);
      const width = 1 + Math.floor(random() * 40);
      const mask = random() < 0.5 ? blobMask(height, width, random) : mask01(height * width, random);
      expect(encodeRle({ mask, height, width }).counts).toBe(referenceString(referenceCounts(mask, height, width)));
    }
  });

  it('works on a view at an unaligned offset of a larger buffer', () => {
    const random = rng(3);
    const backing = mask01(1 + 8 * 16, random);
    const view = backing.subarray(1);
    expect(encodeRle({ mask: view, height: 8, width: 16 }).counts).toBe(referenceString(referenceCounts(view, 8, 16)));
  });

  it('encodes empty and zero-sized masks', () => {
    expect(encodeRle({ mask: new Uint8Array(6), height: 2, width: 3 }).counts).toBe('6');
    expect(encodeRle({ mask: new Uint8Array(0), height: 0, width: 5 })).toEqual({ size: [0, 5], counts: '0' });
  });

  it('rejects a buffer of the wrong length and bad sizes with an ArgumentError', () => {
    expect(() => encodeRle({ mask: new Uint8Array(5), height: 2, width: 3 })).toThrow(ArgumentError);
    expect(() => encodeRle({ mask: new Uint8Array(5), height: 2, width: 3 })).toThrow(/5 bytes, expected 2×3/);
    expect(() => encodeRle({ mask: new Uint8Array(0), height: -1, width: 0 })).toThrow(ArgumentError);
  });
});

function mask01(n: number, random: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (random() < 0.5 ? 0 : 1));
}
