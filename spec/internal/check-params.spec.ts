import { describe, expect, it } from 'vitest';
import { ArgumentError, DetectionMetrics, SegmentationMetrics } from '../../src/index.js';
import { composeLabelMap, encodeRle } from '../../src/mask/index.js';
import { averagePrecision } from '../../src/metrics/index.js';
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

describe('options checked at run time', () => {
  it('an unknown option is an ArgumentError naming it and the closest valid one', async () => {
    const { loadSplit, recordFilter } = await import('../../src/index.js');
    const { openDataset } = await import('../../src/format/index.js');
    expect(() => loadSplit('val', { source: 'samples', minQuailty: 3 } as never)).toThrow(/loadSplit: unknown option `minQuailty`; did you mean `minQuality`\?/);
    expect(() => loadSplit('val', { sourc: 'samples' } as never)).toThrow(/did you mean `source`\?/);
    expect(() => loadSplit('val', { Shuffle: true } as never)).toThrow(/did you mean `shuffle`\?/);
    expect(() => recordFilter({ negatvies: false } as never)).toThrow(/recordFilter: unknown option `negatvies`; did you mean `negatives`\?/);
    await expect(openDataset({ source: 'samples', hub: { acessToken: 'x' } } as never)).rejects.toThrow(/hub: unknown option `acessToken`; did you mean `accessToken`\?/);
    // Nothing close: the options are listed.
    expect(() => recordFilter({ zzz: 1 } as never)).toThrow(/the options are `minQuality`, `numTurns`/);
  });

  it('null and undefined options mean the defaults', async () => {
    const { loadSplit } = await import('../../src/index.js');
    expect(() => loadSplit('val', null as never)).not.toThrow();
    expect(() => loadSplit('val', undefined)).not.toThrow();
  });
});

describe('closest', () => {
  it('finds case slips, one or two edits and swaps; nothing for a word far from every option', async () => {
    const { closest } = await import('../../src/internal/check-params.js');
    const names = ['minQuality', 'metadataOnly', 'source', 'seed', 'shuffle'];
    expect(closest('minquality', names)).toBe('minQuality');
    expect(closest('metadatOnly', names)).toBe('metadataOnly');
    expect(closest('srouce', names)).toBe('source');
    expect(closest('sed', names)).toBe('seed');
    expect(closest('banana', names)).toBeUndefined();
  });
});
