import { describe, expect, it } from 'vitest';
import { ArgumentError, DetectionMetrics, SegmentationMetrics, averagePrecision, composeLabelMap, encodeRle } from '../../src/index.js';
import { resizedSize } from '../../src/transforms/resize.js';

// Every verb that takes a width and a height names them. The positional style these verbs once
// had — (height, width) for masks, (width, height) for metrics — must fail loudly, never run
// with the two swapped or undefined.
const call = (f: (...args: unknown[]) => unknown, ...args: unknown[]) => () => f(...args);

describe('one params object per verb', () => {
  const mask = new Uint8Array(6);
  it.each([
    ['encodeRle', call(encodeRle as never, mask, 2, 3), /encodeRle: takes one params object .* got a Uint8Array/],
    ['composeLabelMap', call(composeLabelMap as never, [], 2, 3), /composeLabelMap: takes one params object .* got an array/],
    ['SegmentationMetrics.update', call((new SegmentationMetrics({ numClasses: 9 })).update.bind(new SegmentationMetrics({ numClasses: 9 })) as never, mask, mask, 3, 2), /SegmentationMetrics\.update: takes one params object .* got a Uint8Array/],
    ['averagePrecision', call(averagePrecision as never, [0.5], [1]), /averagePrecision: takes one params object .* got an array/],
    ['DetectionMetrics.update', call((d => d.update.bind(d))(new DetectionMetrics()) as never, 0.5, true), /DetectionMetrics\.update: takes one params object .* got number/],
    ['null', call(encodeRle as never, null), /encodeRle: takes one params object .* got null/],
  ])('%s refuses a positional call with an ArgumentError', (_, f, message) => {
    expect(f).toThrow(ArgumentError);
    expect(f).toThrow(message);
  });

  it('gives the same answer whatever order the named fields are written in', () => {
    const m = Uint8Array.of(0, 1, 1, 0, 1, 0);
    expect(encodeRle({ width: 3, height: 2, mask: m })).toEqual(encodeRle({ mask: m, height: 2, width: 3 }));
    expect(encodeRle({ mask: m, width: 3, height: 2 }).size).toEqual([2, 3]); // COCO's [h, w]
    expect(resizedSize({ size: 128, width: 400, height: 200 })).toEqual({ width: 256, height: 128 });
    expect(resizedSize({ size: 128, height: 200, width: 400 })).toEqual({ width: 256, height: 128 });
  });
});
