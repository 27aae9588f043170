import { ArgumentError } from '../errors.js';
import type { DecodedImage, ImageSize } from '../schema/decoded.js';
import type { Sample } from '../schema/sample.js';
import { checkInt } from './internal/args.js';
import { checkLabelledImage } from './internal/pixels.js';
import { resampleGeometry, resampleTo } from './internal/resample.js';
import { TransformError } from './transform-error.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** What {@link toBatches} needs of a sample. */
export type BatchableSample = Pick<Sample, 'id' | 'image' | 'labelMap'>;

/** Per-channel normalization: `(x / 255 − mean[c]) / std[c]`, mean and std on the 0–1 scale (torchvision's convention). */
export interface Normalization {
  /** Per-channel mean (R, G, B) of pixel values scaled to 0..1. */
  mean: readonly [number, number, number];
  /** Per-channel standard deviation (R, G, B) of pixel values scaled to 0..1. */
  std: readonly [number, number, number];
}

/** ImageNet statistics (torchvision), what the paper's ImageNet-pretrained backbones expect. */
export const IMAGENET_NORMALIZATION: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** Options of {@link toBatches}. */
export interface ToBatchesOptions {
  /** Images per batch (≥ 1). */
  batchSize: number;
  /**
   * Output size: `n` for `n × n` or `{ width, height }`. Images of another size are resized to it
   * exactly (Lanczos-3; the label map with nearest neighbour). Without it every image must
   * already have the first image's size.
   */
  size?: number | ImageSize;
  /** Tensor layout of `images`: `nhwc` (TensorFlow/tfjs) or `nchw` (PyTorch/ONNX). @default 'nhwc' */
  layout?: 'nhwc' | 'nchw';
  /**
   * `'imagenet'`, explicit `{ mean, std }` (0–1 scale), or `'none'`/omitted for plain `x / 255` in 0..1.
   * @default 'none'
   */
  normalize?: 'imagenet' | 'none' | Normalization;
  /** Drop a last batch smaller than `batchSize`. @default false */
  dropLast?: boolean;
  /** Samples decoded at once within a batch (sharp runs them on its thread pool). @default 4 */
  concurrency?: number;
}

/** The keys of {@link ToBatchesOptions}, checked at run time. @internal */
export const TO_BATCHES_KEYS = keysOf<ToBatchesOptions>()('batchSize', 'size', 'layout', 'normalize', 'dropLast', 'concurrency');

/** One batch: images as float32 in the chosen layout, label maps as bytes, ids in order. */
export interface Batch {
  /** `shape`-shaped float32 pixels, RGB. */
  images: Float32Array;
  /** `[n, height, width]` label ids (0 background, 1..8 generators, 255 ignore). */
  labels: Uint8Array;
  /** Sample ids, in batch order. */
  ids: string[];
  /**
   * Each sample's own size before the batch resized it (`size`), in batch order: what a prediction
   * made at the batch's size is resized back to (nearest neighbour) before it is scored or saved.
   */
  sizes: ImageSize[];
  /** Shape of `images`: `[n, h, w, 3]` (nhwc) or `[n, 3, h, w]` (nchw). */
  shape: [number, number, number, number];
  /** Shape of `labels`: `[n, h, w]`. */
  labelShape: [number, number, number];
}

function checkNormalization(normalize: ToBatchesOptions['normalize']): Normalization | null {
  if (normalize === undefined || normalize === 'none') return null;
  if (normalize === 'imagenet') return IMAGENET_NORMALIZATION;
  const ok =
    typeof normalize === 'object' &&
    [normalize.mean, normalize.std].every((v) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) &&
    normalize.std.every((x) => x !== 0);
  if (!ok) throw new ArgumentError({ message: "toBatches: normalize must be 'imagenet', 'none' or { mean: [r, g, b], std: [r, g, b] } with non-zero std" });
  return normalize as Normalization;
}

/** RGB view of any 1–4 channel image: grey is repeated, alpha dropped. */
function rgbAt(image: DecodedImage): (pixel: number, channel: number) => number {
  const { data, channels } = image;
  if (channels >= 3) return (p, c) => data[p * channels + c];
  return (p) => data[p * channels];
}

/**
 * Groups samples into training/evaluation batches: decodes each sample's image and label map,
 * resizes them to `size` if needed (labels by nearest neighbour), converts to float32 RGB in the
 * chosen layout with the chosen normalization, and stacks label maps as bytes. Memory stays at
 * one batch (plus `concurrency` decodes); the last, partial batch is kept unless `dropLast`.
 *
 * @throws {ArgumentError} for a batch size < 1, a size ≤ 0, an unknown layout or normalization;
 *   {@link TransformError} when a sample's image and label map differ in size, or images differ
 *   in size and no `size` was given.
 * @example
 * for await (const { images, labels, shape } of toBatches(loadSplit('train'), { batchSize: 8, size: 512, layout: 'nchw', normalize: 'imagenet' })) {
 *   model.step(images, shape, labels);
 * }
 */
export async function* toBatches(samples: AsyncIterable<BatchableSample> | Iterable<BatchableSample>, options: ToBatchesOptions): AsyncGenerator<Batch> {
  checkParams('toBatches', options, TO_BATCHES_KEYS);
  const batchSize = checkInt('toBatches', 'batchSize', options?.batchSize, 1, 1 << 20);
  const concurrency = checkInt('toBatches', 'concurrency', options.concurrency ?? 4, 1, 1024);
  const layout = options.layout ?? 'nhwc';
  if (layout !== 'nhwc' && layout !== 'nchw') throw new ArgumentError({ message: `toBatches: layout must be 'nhwc' or 'nchw', got ${String(layout)}` });
  const norm = checkNormalization(options.normalize);
  let fixed: { width: number; height: number } | undefined;
  if (options.size !== undefined) {
    const s = options.size;
    fixed = typeof s === 'number' ? { width: checkInt('toBatches', 'size', s, 1, 1 << 16), height: s } : { width: checkInt('toBatches', 'width', s?.width, 1, 1 << 16), height: checkInt('toBatches', 'height', s?.height, 1, 1 << 16) };
  }
  // Per-channel affine map x ↦ x·scale[c] + offset[c] from 0–255 bytes.
  const scale = [0, 1, 2].map((c) => (norm ? 1 / (255 * norm.std[c]) : 1 / 255));
  const offset = [0, 1, 2].map((c) => (norm ? -norm.mean[c] / norm.std[c] : 0));

  const load = async (sample: BatchableSample) => {
    const [image, labelMap] = await Promise.all([sample.image(), sample.labelMap()]);
    checkLabelledImage({ image, labelMap }, { sampleId: sample.id, transform: 'toBatches', stage: 'input' });
    fixed ??= { width: image.width, height: image.height };
    const size = { width: image.width, height: image.height };
    if (image.width === fixed.width && image.height === fixed.height) return { id: sample.id, size, image, labelMap };
    if (options.size === undefined) {
      throw new TransformError({ sampleId: sample.id, transform: 'toBatches', message: `image is ${image.width}×${image.height} but the batch is ${fixed.width}×${fixed.height}; pass size to resize` });
    }
    const out = await resampleTo({ source: image, labelMap, geometry: resampleGeometry(image.width, image.height, fixed.width, fixed.height) });
    return { id: sample.id, size, image: out.image, labelMap: out.labelMap };
  };

  const emit = async (group: BatchableSample[]): Promise<Batch> => {
    const loaded: Awaited<ReturnType<typeof load>>[] = new Array(group.length);
    let start = 0;
    // Without a size the first image fixes it: decode that one alone so it really is the first.
    if (!fixed) loaded[start++] = await load(group[0]);
    for (let i = start; i < group.length; i += concurrency) {
      const part = await Promise.all(group.slice(i, i + concurrency).map(load));
      for (let k = 0; k < part.length; k++) loaded[i + k] = part[k];
    }
    const { width, height } = fixed!;
    const n = loaded.length;
    const plane = width * height;
    const images = new Float32Array(n * plane * 3);
    const labels = new Uint8Array(n * plane);
    loaded.forEach((item, b) => {
      labels.set(item.labelMap, b * plane);
      const at = rgbAt(item.image);
      const base = b * plane * 3;
      for (let c = 0; c < 3; c++) {
        const s = scale[c];
        const o = offset[c];
        if (layout === 'nchw') {
          const dst = base + c * plane;
          for (let p = 0; p < plane; p++) images[dst + p] = at(p, c) * s + o;
        } else {
          for (let p = 0; p < plane; p++) images[base + p * 3 + c] = at(p, c) * s + o;
        }
      }
    });
    return {
      images,
      labels,
      ids: loaded.map((l) => l.id),
      sizes: loaded.map((l) => l.size),
      shape: layout === 'nchw' ? [n, 3, height, width] : [n, height, width, 3],
      labelShape: [n, height, width],
    };
  };

  let group: BatchableSample[] = [];
  for await (const sample of samples) {
    group.push(sample);
    if (group.length === batchSize) {
      yield await emit(group);
      group = [];
    }
  }
  if (group.length > 0 && !options.dropLast) yield await emit(group);
}
