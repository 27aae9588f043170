import { expect, it } from 'vitest';
import { toBinaryLabels } from '../../src/metrics/to-binary-labels.js';

it('maps generators 1..8 to 1, keeps 0 and 255, and leaves invalid labels invalid', () => {
  const input = Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 254, 255);
  const out = toBinaryLabels(input);
  expect(Array.from(out)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 9, 254, 255]);
  expect(out).not.toBe(input);
  expect(Array.from(input)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 254, 255]);
  expect(Array.from(toBinaryLabels(Uint8Array.of(0, 1, 1, 0)))).toEqual([0, 1, 1, 0]);
});
