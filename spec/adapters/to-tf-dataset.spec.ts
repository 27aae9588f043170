import '@tensorflow/tfjs-backend-cpu';
import * as core from '@tensorflow/tfjs-core';
import * as data from '@tensorflow/tfjs-data';
import * as layers from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, loadSplit, toTfDataset } from '../../src/index.js';

// What `import * as tf from '@tensorflow/tfjs'` gives, from its parts.
const tf = { ...core, data };

beforeAll(async () => {
  await core.setBackend('cpu');
});

describe('toTfDataset', () => {
  it('trains a tiny segmentation model with fitDataset over the bundled samples, one fresh shuffled stream per epoch', async () => {
    const passes: number[] = [];
    const dataset = toTfDataset(
      (epoch) => {
        passes.push(epoch);
        return loadSplit('train', { source: 'samples', rank: 0, worldSize: 1, shuffle: true, epoch });
      },
      { tf, batchSize: 8, size: 32, normalize: 'imagenet' },
    );
    const model = layers.sequential({
      layers: [
        layers.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        layers.layers.conv2d({ filters: 9, kernelSize: 1, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const before = core.memory().numTensors;
    const history = await model.fitDataset(dataset, { epochs: 2, verbose: 0 });
    expect(passes).toEqual([0, 1]); // a fresh, differently shuffled stream per epoch
    expect(history.history.loss).toHaveLength(2);
    expect(history.history.loss.every((l) => Number.isFinite(l as number) && (l as number) > 0)).toBe(true);
    // No batch tensor is left behind (the model's own weights and optimizer state aside).
    expect(core.memory().numTensors - before).toBeLessThan(40);
  }, 60_000);

  it('gives xs [n, h, w, 3] and one-hot ys whose classes match the label maps; binary and id forms too', async () => {
    const samples = async () => {
      const out = [];
      for await (const s of loadSplit('validation', { source: 'samples', rank: 0, worldSize: 1, limit: 3 })) out.push(s);
      return out;
    };
    const list = await samples();
    const expected = await Promise.all(list.map((s) => s.labelMap()));
    const [{ xs, ys }] = (await toTfDataset(list, { tf, batchSize: 3 }).toArray()) as { xs: core.Tensor; ys: core.Tensor }[];
    expect(xs.shape).toEqual([3, 256, 256, 3]);
    expect(ys.shape).toEqual([3, 256, 256, 9]);
    const argmax = Array.from(await core.argMax(ys, -1).data());
    expect(argmax).toEqual(expected.flatMap((m) => Array.from(m)));
    const [{ ys: binary }] = (await toTfDataset(list, { tf, batchSize: 3, task: 'binary', labels: 'ids' }).toArray()) as { ys: core.Tensor }[];
    expect(binary.shape).toEqual([3, 256, 256]);
    expect(Array.from(await binary.data())).toEqual(expected.flatMap((m) => Array.from(m, (v) => (v === 0 ? 0 : 1))));
  });

  it('refuses a second pass over a single stream, and a tf without tf.data', async () => {
    const dataset = toTfDataset(loadSplit('validation', { source: 'samples', rank: 0, worldSize: 1, limit: 2 }), { tf, batchSize: 2, size: 16 });
    await dataset.toArray();
    await expect(dataset.toArray()).rejects.toThrow(/can be read once/);
    expect(() => toTfDataset([], { tf: core as never, batchSize: 1 })).toThrow(ArgumentError);
  });
});
