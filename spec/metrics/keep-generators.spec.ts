import { describe, expect, it } from 'vitest';
import { keepGenerators } from '../../src/metrics/keep-generators.js';

describe('keepGenerators', () => {
  it("ignores other generators' truth, takes the prediction there as background, keeps 0, 255 and stray bytes, and is idempotent", () => {
    //                 bg sd2 sdxl kolors void stray
    const gt = Uint8Array.from([0, 1, 3, 6, 255, 12]);
    const pred = Uint8Array.from([3, 1, 3, 6, 6, 0]);
    const kept = keepGenerators({ gt, pred, generators: ['sdxl'] });
    expect([...kept.gt]).toEqual([0, 255, 3, 255, 255, 12]);
    expect([...kept.pred]).toEqual([3, 0, 3, 0, 6, 0]);
    expect(keepGenerators({ ...kept, generators: ['sdxl'] })).toEqual(kept);
    // The inputs are not changed.
    expect([...gt]).toEqual([0, 1, 3, 6, 255, 12]);
    expect([...pred]).toEqual([3, 1, 3, 6, 6, 0]);
    const two = keepGenerators({ gt, pred, generators: ['kolors', 'sd2'] });
    expect([...two.gt]).toEqual([0, 1, 255, 6, 255, 12]);
    expect([...two.pred]).toEqual([3, 1, 0, 6, 6, 0]);
  });

  it('leaves a prediction of the wrong size as it is, for the metrics to report', () => {
    const kept = keepGenerators({ gt: Uint8Array.from([1, 3]), pred: Uint8Array.from([1]), generators: ['sdxl'] });
    expect([...kept.pred]).toEqual([1]);
  });
});
