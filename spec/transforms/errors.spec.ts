import { describe, expect, it } from 'vitest';
import { ArgumentError, DiffsegError } from '../../src/errors.js';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { compose } from '../../src/transforms/compose.js';
import { crop } from '../../src/transforms/crop.js';
import { gaussianBlur } from '../../src/transforms/gaussian-blur.js';
import { gaussianNoise } from '../../src/transforms/gaussian-noise.js';
import { jpeg } from '../../src/transforms/jpeg.js';
import { randomCrop } from '../../src/transforms/random-crop.js';
import { resize } from '../../src/transforms/resize.js';
import { robustnessPreset } from '../../src/transforms/robustness-preset.js';
import { scale } from '../../src/transforms/scale.js';
import { toBatches } from '../../src/transforms/to-batches.js';
import { type Transform } from '../../src/transforms/transform.js';
import { TransformError } from '../../src/transforms/transform-error.js';
import { webp } from '../../src/transforms/webp.js';
import { randomFlip } from '../../src/transforms/random-flip.js';
import { labelled } from './helpers.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('bad input gives typed errors', () => {
  it('an unknown preset lists the known presets', () => {
    const error = caught(() => robustnessPreset('jpeg61')) as ArgumentError;
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain("'jpeg61'");
    for (const name of ['jpeg60', 'jpeg80', 'resize256', 'resize1024']) expect(error.message).toContain(name);
    expect(caught(() => robustnessPreset('toString'))).toBeInstanceOf(ArgumentError);
  });

  it.each([0, 101, -5, 60.5, Number.NaN])('a quality of %s is rejected by jpeg and webp', (q) => {
    for (const make of [jpeg, webp]) {
      const error = caught(() => make({ quality: q })) as ArgumentError;
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(/quality must be an integer in 1–100/);
    }
  });

  it('a positional call (the old style) or a misspelt option is an ArgumentError naming the factory', () => {
    expect(() => jpeg(60 as never)).toThrow(/jpeg: takes one params object/);
    expect(() => randomCrop(448 as never)).toThrow(/randomCrop: takes one params object/);
    expect(() => randomFlip({ probabilty: 0.3 } as never)).toThrow(/randomFlip: unknown option `probabilty`; did you mean `probability`\?/);
    expect(() => resize({ size: 256, width: 3 } as never)).toThrow(/resize: unknown option `width`/);
  });

  it.each([0, -1, 2.5])('a size of %s is rejected', (n) => {
    expect(caught(() => resize({ size: n }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => resize({ width: n, height: 10 }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => randomCrop({ size: n }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => crop({ left: 0, top: 0, width: n, height: 4 }))).toBeInstanceOf(ArgumentError);
  });

  it('other bad parameters are rejected at construction', () => {
    expect(caught(() => scale({ factor: 0 }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => gaussianBlur({ sigma: 0.1 }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => gaussianNoise({ sigma: -1 }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => gaussianNoise({ sigma: 5, seed: Number.POSITIVE_INFINITY }))).toBeInstanceOf(ArgumentError);
    expect(caught(() => compose([{} as Transform]))).toBeInstanceOf(ArgumentError);
  });

  it('toBatches rejects a batch size or size ≤ 0', async () => {
    const none = (async function* () {})();
    await expect(toBatches(none, { batchSize: 0 }).next()).rejects.toBeInstanceOf(ArgumentError);
    await expect(toBatches(none, { batchSize: 2, size: 0 }).next()).rejects.toBeInstanceOf(ArgumentError);
    await expect(toBatches(none, { batchSize: 2, layout: 'chw' as 'nchw' }).next()).rejects.toBeInstanceOf(ArgumentError);
  });

  it('an image and label map of different sizes', async () => {
    const good = labelled(20, 10);
    const bad = { image: good.image, labelMap: new Uint8Array(20 * 9) };
    for (const t of [jpeg({ quality: 80 }), resize({ size: 8 }), compose([])]) {
      const error = await applyTransform({ transform: t, ...bad, id: 'img-7' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransformError);
      expect(error).toBeInstanceOf(DiffsegError);
      expect((error as TransformError).code).toBe('TRANSFORM_INVALID');
      expect((error as TransformError).sampleId).toBe('img-7');
      expect((error as Error).message).toMatch(/sample img-7.*same size/);
    }
  });

  it('a crop that does not fit the image', async () => {
    const error = await applyTransform({ transform: crop({ left: 15, top: 0, width: 10, height: 5 }), ...labelled(20, 10), id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransformError);
    expect((error as Error).message).toMatch(/does not fit in the 20×10 image/);
    await expect(applyTransform({ transform: randomCrop({ size: 30 }), ...labelled(20, 10), id: 'x' })).rejects.toBeInstanceOf(TransformError);
  });

  it('a transform that invents a label id (e.g. interpolates labels) is caught, alone or inside compose', async () => {
    // Averages each pixel with its right neighbour: 0|4 edges become 2, an id that was not there.
    const blurLabels: Transform = {
      name: 'blurLabels',
      async apply(input) {
        const { labelMap } = input;
        const out = labelMap.map((v, i) => ((i + 1) % input.image.width === 0 ? v : (v + labelMap[i + 1]) >> 1));
        return { image: input.image, labelMap: out };
      },
    };
    const labelMap = new Uint8Array(16 * 4);
    for (let i = 0; i < labelMap.length; i++) labelMap[i] = i % 16 >= 8 ? 4 : 0;
    const input = { image: { data: new Uint8Array(16 * 4 * 3), width: 16, height: 4, channels: 3 }, labelMap };
    for (const t of [blurLabels, compose([resize({ size: 8 }), blurLabels])]) {
      const error = await applyTransform({ transform: t, ...input, id: 's' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransformError);
      expect((error as TransformError).code).toBe('TRANSFORM_INVALID');
      expect((error as Error).message).toMatch(/blurLabels: output label map contains label id\(s\) 2 that were not in the input/);
    }
  });

  it.each([0, 1, 2, 3])('the invented-id check sees every pixel (label map at byte offset %i, odd length)', async (offset) => {
    const n = 7 * 5;
    const inBuf = new Uint8Array(n + 8);
    const input = { image: { data: new Uint8Array(n * 3), width: 7, height: 5, channels: 3 }, labelMap: inBuf.subarray(offset, offset + n).fill(3) };
    for (const where of [0, 1, 17, n - 2, n - 1]) {
      const invents: Transform = {
        name: 'invents',
        async apply() {
          const buf = new Uint8Array(n + 8);
          const labelMap = buf.subarray(offset, offset + n).fill(3);
          labelMap[where] = 5;
          return { image: input.image, labelMap };
        },
      };
      await expect(applyTransform({ transform: invents, ...input, id: 'x' })).rejects.toThrow(/label id\(s\) 5 that were not in the input \(input ids: 3\)/);
    }
  });

  it('a transform that returns a mismatched output, or throws, becomes a TransformError', async () => {
    const shrinksLabels: Transform = { name: 'bad', apply: async (i) => ({ image: i.image, labelMap: i.labelMap.subarray(1) }) };
    await expect(applyTransform({ transform: shrinksLabels, ...labelled(4, 4), id: 'x' })).rejects.toThrow(/bad: output: label map has 15 pixels/);
    const throws: Transform = { name: 'boom', apply: async () => { throw new Error('kaput'); } };
    await expect(applyTransform({ transform: throws, ...labelled(4, 4), id: 'x' })).rejects.toBeInstanceOf(TransformError);
  });
});
