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

it('gives the per-pixel mapping on maps read four pixels at a time: every byte value, uniform and mixed words, views at any offset, odd lengths', () => {
  const reference = (map: Uint8Array) => Array.from(map, (v) => (v >= 1 && v <= 8 ? 1 : v));
  // Runs of one value (uniform words of each kind) and every byte value beside every other class.
  const values: number[] = [];
  for (let v = 0; v < 256; v++) values.push(v, v, v, v, v, 0, v, 3, 8, v, 9, 1);
  const backing = Uint8Array.from({ length: values.length + 7 }, (_, i) => values[i % values.length]);
  for (let offset = 0; offset < 4; offset++) {
    for (const trim of [0, 1, 2, 3]) {
      const view = backing.subarray(offset, backing.length - trim);
      expect(Array.from(toBinaryLabels(view))).toEqual(reference(view));
    }
  }
  // A word of generator ids whose neighbour bytes sit just past the range (8 | 9, 0 | 1).
  for (const word of [[1, 8, 2, 7], [1, 8, 9, 1], [0, 1, 1, 1], [255, 1, 1, 1], [128, 1, 8, 1], [136, 0, 0, 0]]) {
    expect(Array.from(toBinaryLabels(Uint8Array.from(word)))).toEqual(reference(Uint8Array.from(word)));
  }
});
