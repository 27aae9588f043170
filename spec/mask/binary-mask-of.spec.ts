import { describe, expect, it } from 'vitest';
import { binaryMaskOf } from '../../src/mask/index.js';

describe('binaryMaskOf', () => {
  it('maps every edited label to 1, keeps background 0 and ignore 255', () => {
    expect(Array.from(binaryMaskOf(Uint8Array.of(0, 1, 4, 8, 9, 254, 255)))).toEqual([0, 1, 1, 1, 1, 1, 255]);
  });
});
