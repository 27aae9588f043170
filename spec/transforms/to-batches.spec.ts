import { describe, expect, it } from 'vitest';
import { type BatchableSample, IMAGENET_NORMALIZATION, toBatches } from '../../src/transforms/to-batches.js';
import { TransformError } from '../../src/transforms/transform-error.js';
import type { DecodedImage } from '../../src/schema/decoded.js';

/** A sample whose pixel (x, y) channel c is `(10·c + x + 3·y + k) mod 256` and label `(x + y + k) mod 9`. */
function sample(k: number, width = 4, height = 3): BatchableSample {
  const data = new Uint8Array(width * height * 3);
  const labels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = (10 * c + x + 3 * y + k) % 256;
      labels[y * width + x] = (x + y + k) % 9;
    }
  }
  const image: DecodedImage = { data, width, height, channels: 3 };
  return { id: `s${k}`, image: async () => image, labelMap: async () => labels };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('toBatches', () => {
  const samples = [0, 1, 2, 3, 4].map((k) => sample(k));

  it('groups samples, keeps the last partial batch, and drops it on request', async () => {
    const batches = await collect(toBatches(samples, { batchSize: 2 }));
    expect(batches.map((b) => b.ids)).toEqual([['s0', 's1'], ['s2', 's3'], ['s4']]);
    expect(batches[2].shape).toEqual([1, 3, 4, 3]);
    const dropped = await collect(toBatches(samples, { batchSize: 2, dropLast: true }));
    expect(dropped.map((b) => b.ids.length)).toEqual([2, 2]);
  });

  it('nhwc and nchw put each value where the layout says, scaled to 0..1 by default', async () => {
    const [nhwc] = await collect(toBatches(samples, { batchSize: 2, layout: 'nhwc' }));
    const [nchw] = await collect(toBatches(samples, { batchSize: 2, layout: 'nchw' }));
    expect(nhwc.shape).toEqual([2, 3, 4, 3]);
    expect(nchw.shape).toEqual([2, 3, 3, 4]);
    expect(nhwc.labelShape).toEqual([2, 3, 4]);
    for (const b of [0, 1]) {
      for (let y = 0; y < 3; y++) {
        for (let x = 0; x < 4; x++) {
          for (let c = 0; c < 3; c++) {
            const expected = ((10 * c + x + 3 * y + b) % 256) / 255;
            expect(nhwc.images[((b * 3 + y) * 4 + x) * 3 + c]).toBeCloseTo(expected, 6);
            expect(nchw.images[((b * 3 + c) * 3 + y) * 4 + x]).toBeCloseTo(expected, 6);
          }
          expect(nhwc.labels[(b * 3 + y) * 4 + x]).toBe((x + y + b) % 9);
        }
      }
    }
    expect(nchw.labels).toEqual(nhwc.labels);
  });

  it("normalizes with 'imagenet' or explicit mean/std", async () => {
    const [imagenet] = await collect(toBatches(samples, { batchSize: 1, normalize: 'imagenet' }));
    const v = (10 * 2 + 1 + 0) / 255; // channel 2 at (1, 0) of sample 0
    expect(imagenet.images[1 * 3 + 2]).toBeCloseTo((v - IMAGENET_NORMALIZATION.mean[2]) / IMAGENET_NORMALIZATION.std[2], 5);
    const [custom] = await collect(toBatches(samples, { batchSize: 1, normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
    expect(custom.images[0]).toBeCloseTo(0 / 255 * 2 - 1, 6);
    await expect(collect(toBatches(samples, { batchSize: 1, normalize: { mean: [0, 0, 0], std: [1, 0, 1] } }))).rejects.toThrow(/non-zero std/);
  });

  it('resizes to size (labels by nearest neighbour, ids preserved), and rejects mixed sizes without it', async () => {
    const mixed = (async function* () {
      yield sample(1, 8, 8);
      yield sample(2, 16, 12);
    })();
    const [batch] = await collect(toBatches(mixed, { batchSize: 2, size: 4 }));
    expect(batch.shape).toEqual([2, 4, 4, 3]);
    // Each sample's own size, so a prediction at 4×4 maps back to it.
    expect(batch.sizes).toEqual([{ width: 8, height: 8 }, { width: 16, height: 12 }]);
    expect(batch.labels.every((l) => l < 9)).toBe(true);
    // 8 → 4 nearest: output (x, y) samples input (2x + 1, 2y + 1).
    expect(batch.labels[0]).toBe((1 + 1 + 1) % 9);
    const unsized = [sample(1, 8, 8), sample(2, 16, 12)];
    await expect(collect(toBatches(unsized, { batchSize: 2 }))).rejects.toBeInstanceOf(TransformError);
    await expect(collect(toBatches(unsized, { batchSize: 2, dropLst: true } as never))).rejects.toThrow(/toBatches: unknown option `dropLst`; did you mean `dropLast`\?/);
  });

  it('expands grey images to RGB', async () => {
    const grey: BatchableSample = {
      id: 'g',
      image: async () => ({ data: new Uint8Array([0, 51, 102, 255]), width: 2, height: 2, channels: 1 }),
      labelMap: async () => new Uint8Array(4),
    };
    const [b] = await collect(toBatches([grey], { batchSize: 1 }));
    expect([...b.images.slice(3, 6)].map((x) => Math.round(x * 255))).toEqual([51, 51, 51]);
  });
});
