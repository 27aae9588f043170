import { ArgumentError } from '../errors.js';
import { type BatchableSample, TO_BATCHES_KEYS, type ToBatchesOptions, toBatches } from '../transforms/to-batches.js';
import { checkParams } from '../internal/check-params.js';

/**
 * The parts of TensorFlow.js the adapter uses: `tf.data.generator` (from `@tensorflow/tfjs-data`,
 * part of the `@tensorflow/tfjs` bundle) and a few tfjs-core ops. Typed structurally so that
 * importing diffseg30k never loads tfjs: pass the module you already use.
 */
export interface TfDataLike {
  /** `tf.data`. */
  data: {
    /**
     * `tf.data.generator`: a dataset from a function returning an (async) iterator. Typed with
     * `never` so that any module whose generator takes some iterator factory fits (tfjs-data's
     * wants TensorContainers).
     */
    generator(generator: () => AsyncIterator<never>): unknown;
  };
  /** `tf.tensor4d`, for the image batches. */
  tensor4d(values: Float32Array, shape: [number, number, number, number], dtype: 'float32'): unknown;
  /** `tf.tensor3d`, for the label maps. */
  tensor3d(values: Int32Array, shape: [number, number, number], dtype: 'int32'): unknown;
  /** `tf.oneHot`. */
  oneHot(indices: never, depth: number): unknown;
  /** `tf.dispose`. */
  dispose(container: never): void;
}

/** The dataset type `tf.data.generator` returns for the given module (a `tf.data.Dataset`). */
export type TfDatasetOf<TF extends TfDataLike> = TF['data']['generator'] extends (...args: never[]) => infer R ? R : unknown;

/** Where the samples come from: one stream (one pass), or a function giving the stream of each pass (epoch). */
export type SampleSource = AsyncIterable<BatchableSample> | Iterable<BatchableSample> | ((pass: number) => AsyncIterable<BatchableSample> | Iterable<BatchableSample>);

/** Options of {@link toTfDataset}. */
export interface ToTfDatasetOptions<TF extends TfDataLike> extends Omit<ToBatchesOptions, 'layout'> {
  /** The TensorFlow.js module (`import * as tf from '@tensorflow/tfjs'`, or tfjs-core with tfjs-data's `data` beside it). */
  tf: TF;
  /**
   * `'semantic'`: 9 classes (background and the 8 generators); `'binary'`: 2 (unedited, edited).
   * @default 'semantic'
   */
  task?: 'semantic' | 'binary';
  /**
   * `ys` as `'onehot'` float32 `[n, h, w, classes]` (for `categoricalCrossentropy`; an ignored
   * pixel, label 255, is all zeros and so adds nothing to the loss), or as `'ids'` int32
   * `[n, h, w]` (255 stays 255: mask it yourself).
   * @default 'onehot'
   */
  labels?: 'onehot' | 'ids';
}

/**
 * A `tf.data.Dataset` of `{ xs, ys }` batches for `model.fitDataset`: `xs` float32
 * `[n, h, w, 3]` images normalized as {@link toBatches} does, `ys` the label maps one-hot (or as
 * ids). Batches are built by {@link toBatches} with the same options; tensors are made one batch
 * at a time (fitDataset disposes them after each step).
 *
 * A `loadSplit` stream can be read once. Give a function instead, and each pass over the dataset
 * (each epoch of `fitDataset`) calls it with the pass number for a fresh stream — the natural
 * place to set the epoch of a shuffled read.
 *
 * @throws {ArgumentError} when `tf` lacks `data.generator` (tfjs-core alone: add tfjs-data), or a
 *   single stream is iterated a second time.
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import { loadSplit, toTfDataset } from 'diffseg30k';
 * const dataset = toTfDataset((epoch) => loadSplit('train', { source: dir, shuffle: true, epoch }), { tf, batchSize: 8, size: 256, normalize: 'imagenet' });
 * await model.fitDataset(dataset, { epochs: 10 });
 */
export function toTfDataset<TF extends TfDataLike>(samples: SampleSource, options: ToTfDatasetOptions<TF>): TfDatasetOf<TF> {
  const { tf, task = 'semantic', labels = 'onehot', ...batchOptions } = checkParams('toTfDataset', options, [...TO_BATCHES_KEYS, 'tf', 'task', 'labels']);
  if (typeof tf?.data?.generator !== 'function') {
    throw new ArgumentError({ message: "toTfDataset: tf must be TensorFlow.js with tf.data (import * as tf from '@tensorflow/tfjs', or add @tensorflow/tfjs-data)" });
  }
  if (task !== 'semantic' && task !== 'binary') throw new ArgumentError({ message: `toTfDataset: task must be 'semantic' or 'binary', got ${String(task)}` });
  if (labels !== 'onehot' && labels !== 'ids') throw new ArgumentError({ message: `toTfDataset: labels must be 'onehot' or 'ids', got ${String(labels)}` });
  const classes = task === 'semantic' ? 9 : 2;
  let pass = 0;

  async function* batches(): AsyncGenerator<{ xs: unknown; ys: unknown }> {
    const current = pass++;
    let source: AsyncIterable<BatchableSample> | Iterable<BatchableSample>;
    if (typeof samples === 'function') source = samples(current);
    else if (current > 0) {
      throw new ArgumentError({ message: 'toTfDataset: a stream of samples can be read once; pass a function, e.g. (epoch) => loadSplit(…, { epoch }), to read it again' });
    } else source = samples;
    for await (const batch of toBatches(source, { ...batchOptions, layout: 'nhwc' })) {
      const [n, h, w] = batch.labelShape;
      const ids = new Int32Array(batch.labels.length);
      for (let i = 0; i < ids.length; i++) {
        const v = batch.labels[i];
        // Binary task: any generator is "edited"; 255 (ignore) stays out of range, so one-hot is all zeros.
        ids[i] = task === 'binary' && v !== 0 && v !== 255 ? 1 : v;
      }
      const xs = tf.tensor4d(batch.images, batch.shape, 'float32');
      const idTensor = tf.tensor3d(ids, [n, h, w], 'int32');
      if (labels === 'ids') {
        yield { xs, ys: idTensor };
      } else {
        const ys = tf.oneHot(idTensor as never, classes);
        tf.dispose(idTensor as never);
        yield { xs, ys };
      }
    }
  }
  return tf.data.generator(batches as () => AsyncIterator<never>) as TfDatasetOf<TF>;
}
