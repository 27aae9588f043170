import { describe, expect, it } from 'vitest';
import { encodeRle, rleBbox } from '../../src/mask/index.js';
import { blobMask, rng } from './reference.js';

function bruteBbox(mask: Uint8Array, height: number, width: number): number[] {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

describe('rleBbox', () => {
  it('gives [x, y, w, h] of the pycocotools vector', () => {
    expect(rleBbox({ size: [2, 3], counts: '231' })).toEqual([1, 0, 2, 2]);
  });

  it('equals the brute-force box on random masks, including column-wrapping runs', () => {
    const random = rng(9);
    for (let t = 0; t < 200; t++) {
      const h = 1 + Math.floor(random() * 25);
      const w = 1 + Math.floor(random() * 25);
      const mask = blobMask(h, w, random);
      expect(rleBbox(encodeRle({ mask, height: h, width: w }))).toEqual(bruteBbox(mask, h, w));
    }
  });

  it('is all zero for an empty mask', () => {
    expect(rleBbox({ size: [4, 4], counts: [16] })).toEqual([0, 0, 0, 0]);
  });
});
