import { checkParams } from '../internal/check-params.js';
import { ArgumentError, DependencyError, DiffsegError } from '../errors.js';
import { checkLabels } from './check-labels.js';
import { ExactSum } from './exact-sum.js';
import type { BoundaryConvention, ImageStats, ImageStatsParams } from './image-stats.js';
import { jsImageStats } from './js-image-stats.js';
import { MetricsError } from './metrics-error.js';
import type { TfjsLike } from './tfjs/tfjs-like.js';

/** Which implementation computes the per-image counts. */
export type MetricsEngine = 'js' | 'tfjs';

/** One image for {@link SegmentationMetrics.update}: ground truth and prediction, named with their size. */
export interface MetricsImage {
  /** Ground-truth label map, row-major, `width × height` bytes. */
  gt: Uint8Array;
  /** Predicted label map, row-major, `width × height` bytes. */
  pred: Uint8Array;
  /** Columns of both maps. */
  width: number;
  /** Rows of both maps. */
  height: number;
}

/** Options of {@link SegmentationMetrics}. */
export interface SegmentationMetricsOptions {
  /** Number of classes K; labels are 0..K-1 (9 for DiffSeg30k semantic, 2 for binary). */
  numClasses: number;
  /**
   * Ground-truth label excluded from every count. Must not be a class id.
   * @default 255
   */
  ignoreIndex?: number;
  /**
   * Boundary-F1 convention: `'bfscore'` (MATLAB `bfscore`) or `'davis'` (the DAVIS
   * benchmark's `db_eval_boundary`). They differ in which pixels form a boundary, the tolerance
   * and ignored pixels; docs/metrics.md compares them with a worked example.
   * @default 'bfscore'
   */
  boundary?: BoundaryConvention;
  /**
   * Boundary-F1 tolerance in pixels, for every image: θ under `'bfscore'` (a boundary pixel
   * matches when its squared distance to the other map's nearest boundary pixel is < θ²), the
   * radius r under `'davis'` (≤ r²). Always pixels, never a fraction of the diagonal.
   * @default per image: 0.0075 × diagonal under `'bfscore'`, ceil(0.008 × diagonal) under `'davis'` (see {@link metrics!defaultBoundaryTolerance})
   */
  boundaryTolerance?: number;
  /**
   * `'js'`: typed-array loops, synchronous, the fastest on CPUs. `'tfjs'`: tfjs-core kernels on
   * the active backend (WebGL/WebGPU/…); needs the optional peer `@tensorflow/tfjs-core`.
   * @default 'js'
   */
  engine?: MetricsEngine;
  /**
   * For `engine: 'tfjs'`: the `@tensorflow/tfjs-core` module to run on (its active backend does
   * the work) — pass it from browser bundles or with tfjs-node-gpu. Typed structurally so the
   * package's types never require tfjs.
   * @default '@tensorflow/tfjs-core', imported lazily on the first update
   */
  tf?: TfjsLike;
}

/** Scores of {@link SegmentationMetrics.compute}; `null` wherever a score is undefined (no data). */
export interface SegmentationResult {
  /** Pixel accuracy: trace / total, background included. */
  accuracy: number | null;
  /** Mean IoU over classes 1..K-1 that have an IoU (background excluded, as in the paper). */
  miou: number | null;
  /** Mean per-class boundary F1 over classes 1..K-1 that have a score. */
  bf1: number | null;
  /** IoU per label id 0..K-1; null where row + column of the confusion matrix are both empty. */
  iou: (number | null)[];
  /** Boundary F1 per label id (index 0 always null); null where no image scored the class. */
  bf1PerClass: (number | null)[];
  /** Pixel counts `[truth][prediction]`, ignored pixels excluded. */
  confusion: number[][];
  /** Mean IoU over all classes that have one, background included (StreamSegMetrics "Mean IoU"). */
  miouWithBackground: number | null;
  /** Mean over classes with ground-truth pixels of diag / row (StreamSegMetrics "Mean Acc"). */
  meanAccuracy: number | null;
  /** Σ over classes with ground-truth pixels of (row / total)·IoU (StreamSegMetrics "FreqW Acc"). */
  freqWeightedAccuracy: number | null;
  /** Pixels counted (ignored pixels excluded). */
  pixels: number;
  /** Images added. */
  images: number;
}

/**
 * The lossless serialized state of a {@link SegmentationMetrics} accumulator. Version 2 added
 * `boundary`; version 1 (without it) is still read, as `'bfscore'`.
 */
export interface SegmentationMetricsJSON {
  /** Marks the JSON as a SegmentationMetrics state. */
  type: 'diffseg30k.SegmentationMetrics';
  /** Format version of the state (1 is still read, as bfscore). */
  version: 2;
  /** Number of classes K of the accumulator. */
  numClasses: number;
  /** Ground-truth label excluded from the counts. */
  ignoreIndex: number;
  /** Boundary-F1 convention. */
  boundary: BoundaryConvention;
  /** Fixed θ, or null for the per-image default. */
  boundaryTolerance: number | null;
  /** Images added. */
  images: number;
  /** `[truth][prediction]` pixel counts. */
  confusion: number[][];
  /** Per class: exact sum of per-image boundary F1, hexadecimal count of 2⁻¹⁰⁷⁴ units. */
  bf1Sum: string[];
  /** Per class: number of images whose boundary F1 was scored. */
  bf1Images: number[];
}

type TfjsModule = typeof import('./tfjs/tfjs-image-stats.js');
let tfjsEngine: Promise<TfjsModule> | undefined;

// A dynamic import keeps tfjs out of the static import graph: importing diffseg30k never loads
// it; the engine module itself imports @tensorflow/tfjs-core only when first called.
function loadTfjsEngine(): Promise<TfjsModule> {
  tfjsEngine ??= import('./tfjs/tfjs-image-stats.js').catch((error: unknown) => {
    tfjsEngine = undefined;
    if (error instanceof DiffsegError) throw error;
    throw error instanceof DependencyError ? error : new DependencyError({ dependency: '@tensorflow/tfjs-core', module: 'metrics', message: `the tfjs engine could not be loaded: ${(error as Error).message}`, cause: error });
  });
  return tfjsEngine;
}

function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** Ratio or null, so 0/0 never becomes NaN in a result. */
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

function mean(values: (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v !== null) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}

const CONVENTIONS: readonly BoundaryConvention[] = ['bfscore', 'davis'];

/**
 * Boundary F1 of one class in one image from its counts, or undefined when the class is not
 * scored. Both conventions: F1 = 2PR / (P + R), 0 when P + R = 0 or when exactly one boundary is
 * empty. They differ only when both are empty: MATLAB `bfscore` has no boundary-free present
 * class (border pixels are boundary) and skips such an entry; DAVIS scores it 1 (P = R = 1), as
 * `f_measure` does for a class that fills the image in both maps.
 */
function boundaryF1(convention: BoundaryConvention, gtBoundary: number, gtMatched: number, predBoundary: number, predMatched: number): number | undefined {
  if (gtBoundary === 0 && predBoundary === 0) return convention === 'davis' ? 1 : undefined;
  if (gtBoundary === 0 || predBoundary === 0) return 0;
  const precision = predMatched / predBoundary;
  const recall = gtMatched / gtBoundary;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Streaming accumulator of the segmentation metrics of docs/metrics.md — pixel accuracy, mIoU and
 * boundary F1, plus the StreamSegMetrics extras — over any number of (truth, prediction) label
 * maps. Counts are integers and per-image F1 sums are exact, so {@link merge} of accumulators
 * filled in any split (workers, processes, machines) equals one accumulator filled in one pass.
 *
 * @example
 * ```ts
 * import { SegmentationMetrics, NUM_CLASSES } from 'diffseg30k';
 * const metrics = new SegmentationMetrics({ numClasses: NUM_CLASSES });
 * metrics.update({ gt, pred, width: 512, height: 512 }); // gt, pred: Uint8Array label maps, row-major
 * const { accuracy, miou, bf1, iou } = metrics.compute();
 * ```
 */
export class SegmentationMetrics {
  /** Number of classes K. */
  readonly numClasses: number;
  /** Ground-truth label excluded from counts. */
  readonly ignoreIndex: number;
  /** Boundary-F1 convention. */
  readonly boundary: BoundaryConvention;
  /** Fixed tolerance in pixels, or undefined for the convention's own per image. */
  readonly boundaryTolerance: number | undefined;
  /** Engine computing the per-image counts. */
  readonly engine: MetricsEngine;

  private readonly tf: TfjsLike | undefined;
  private readonly confusion: Float64Array;
  private readonly bf1Sum: ExactSum[];
  private readonly bf1Images: number[];
  private images = 0;
  private pending = 0;

  constructor(options: SegmentationMetricsOptions) {
    const { numClasses, ignoreIndex = 255, boundary = 'bfscore', boundaryTolerance, engine = 'js', tf } = checkParams('SegmentationMetrics', options, ['numClasses', 'ignoreIndex', 'boundary', 'boundaryTolerance', 'engine', 'tf']);
    if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 255) {
      throw new ArgumentError({ message: `metrics: numClasses must be an integer 1..255 (labels are bytes), got ${numClasses}` });
    }
    if (!Number.isInteger(ignoreIndex) || (ignoreIndex >= 0 && ignoreIndex < numClasses)) {
      throw new ArgumentError({ message: `metrics: ignoreIndex must be an integer outside 0..${numClasses - 1} (it would hide a class), got ${ignoreIndex}` });
    }
    if (!CONVENTIONS.includes(boundary)) {
      throw new ArgumentError({ message: `metrics: boundary must be 'bfscore' or 'davis', got '${String(boundary)}'` });
    }
    if (boundaryTolerance !== undefined && !(Number.isFinite(boundaryTolerance) && boundaryTolerance > 0)) {
      throw new ArgumentError({ message: `metrics: boundaryTolerance must be a finite number of pixels > 0, got ${boundaryTolerance}` });
    }
    if (engine !== 'js' && engine !== 'tfjs') {
      throw new ArgumentError({ message: `metrics: engine must be 'js' or 'tfjs', got '${String(engine)}'` });
    }
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.boundary = boundary;
    this.boundaryTolerance = boundaryTolerance;
    this.engine = engine;
    this.tf = tf;
    this.confusion = new Float64Array(numClasses * numClasses);
    this.bf1Sum = Array.from({ length: numClasses }, () => new ExactSum());
    this.bf1Images = new Array<number>(numClasses).fill(0);
  }

  /**
   * Adds one image, counted before this returns. `gt` and `pred` are row-major label maps of
   * `width × height` bytes; truth pixels equal to `ignoreIndex` are skipped; every prediction must
   * be < numClasses. The typed-array engine (`'js'`) only: an accumulator on the `'tfjs'` engine,
   * whose kernels run asynchronously, takes {@link updateAsync}.
   * @throws {MetricsError} on a wrong-length buffer, a bad size, a label out of range, or the
   *   `'tfjs'` engine.
   */
  update(image: MetricsImage): void {
    if (this.engine !== 'js') {
      throw new MetricsError({ message: "update() counts synchronously, on the 'js' engine; with engine 'tfjs' call (and await) updateAsync()" });
    }
    this.addImageStats(this.measureImage(image));
  }

  /**
   * Adds one image on either engine; resolves once it is counted. Await every call before
   * {@link compute}, {@link merge} or {@link toJSON}.
   * @throws {MetricsError} (as a rejection) as {@link update}.
   */
  async updateAsync(image: MetricsImage): Promise<void> {
    if (this.engine === 'js') return this.update(image);
    const params = this.validate(image);
    this.pending++;
    try {
      const { tfjsImageStats } = await loadTfjsEngine();
      this.addImageStats(await tfjsImageStats({ ...params, tf: this.tf }));
    } finally {
      this.pending--;
    }
  }

  /**
   * Validates one pair and returns its counts from the typed-array engine without adding them —
   * how evaluatePredictions adds one image to several accumulators (overall and per group) at the
   * cost of one. Internal: users add an image with `update`, or counts from an engine of
   * `diffseg30k/metrics` with `addImageStats`, so each audience has one way.
   * @throws {MetricsError} as {@link update}.
   * @internal
   */
  measureImage(image: MetricsImage): ImageStats {
    return jsImageStats(this.validate(image));
  }

  /**
   * Adds the counts of one image computed elsewhere (an engine's {@link ImageStats}, e.g.
   * `jsImageStats` or `tfjsImageStats` from `diffseg30k/metrics`): what {@link update} does after
   * validating and running the engine. For custom engines, pools, and one image's counts added
   * to several accumulators (overall and per group) at the cost of one measurement.
   * @throws {MetricsError} when the stats do not have this accumulator's shape.
   */
  addImageStats(stats: ImageStats): void {
    const k = this.numClasses;
    if (!(stats?.confusion instanceof Float64Array) || stats.confusion.length !== k * k || !Array.isArray(stats.boundary) || stats.boundary.length !== k) {
      throw new MetricsError({ message: `image stats must hold a ${k}×${k} confusion and ${k} boundary entries` });
    }
    for (let i = 0; i < k * k; i++) this.confusion[i] += stats.confusion[i];
    for (let c = 1; c < k; c++) {
      const b = stats.boundary[c];
      if (b === null || b === undefined) continue;
      const f1 = boundaryF1(this.boundary, b.gtBoundary, b.gtMatched, b.predBoundary, b.predMatched);
      if (f1 === undefined) continue;
      this.bf1Sum[c].add(f1);
      this.bf1Images[c]++;
    }
    this.images++;
  }

  /**
   * Adds another accumulator's counts into this one (exact: the result equals one accumulator
   * that saw both sets of images). Both must share numClasses, ignoreIndex, boundary and
   * boundaryTolerance.
   * @returns this, for chaining.
   */
  merge(other: SegmentationMetrics): this {
    if (!(other instanceof SegmentationMetrics)) throw new MetricsError({ message: 'merge expects a SegmentationMetrics' });
    if (other.numClasses !== this.numClasses || other.ignoreIndex !== this.ignoreIndex || other.boundary !== this.boundary || other.boundaryTolerance !== this.boundaryTolerance) {
      throw new MetricsError({ message: `cannot merge accumulators with different settings (numClasses ${other.numClasses} vs ${this.numClasses}, ignoreIndex ${other.ignoreIndex} vs ${this.ignoreIndex}, boundary ${other.boundary} vs ${this.boundary}, boundaryTolerance ${other.boundaryTolerance} vs ${this.boundaryTolerance})` });
    }
    this.assertSettled();
    other.assertSettled();
    for (let i = 0; i < this.confusion.length; i++) this.confusion[i] += other.confusion[i];
    for (let c = 0; c < this.numClasses; c++) {
      this.bf1Sum[c].addSum(other.bf1Sum[c]);
      this.bf1Images[c] += other.bf1Images[c];
    }
    this.images += other.images;
    return this;
  }

  /** The scores so far (see {@link SegmentationResult}). */
  compute(): SegmentationResult {
    this.assertSettled();
    const k = this.numClasses;
    const c = this.confusion;
    const rows = new Array<number>(k).fill(0);
    const cols = new Array<number>(k).fill(0);
    let total = 0;
    let trace = 0;
    for (let g = 0; g < k; g++) {
      for (let p = 0; p < k; p++) {
        const v = c[g * k + p];
        rows[g] += v;
        cols[p] += v;
        total += v;
      }
      trace += c[g * k + g];
    }
    const iou = rows.map((row, i) => ratio(c[i * k + i], row + cols[i] - c[i * k + i]));
    const classAccuracy = rows.map((row, i) => ratio(c[i * k + i], row));
    let freqWeighted = 0;
    for (let i = 0; i < k; i++) if (rows[i] > 0) freqWeighted += (rows[i] / total) * (iou[i] as number);
    const bf1PerClass = this.bf1Images.map((n, i) => (i === 0 || n === 0 ? null : this.bf1Sum[i].valueOf() / n));
    return {
      accuracy: ratio(trace, total),
      miou: mean(iou.slice(1)),
      bf1: mean(bf1PerClass.slice(1)),
      iou,
      bf1PerClass,
      confusion: Array.from({ length: k }, (_, g) => Array.from(c.subarray(g * k, g * k + k))),
      miouWithBackground: mean(iou),
      meanAccuracy: mean(classAccuracy),
      freqWeightedAccuracy: total === 0 ? null : freqWeighted,
      pixels: total,
      images: this.images,
    };
  }

  /** Lossless, JSON-safe state; {@link SegmentationMetrics.fromJSON} restores it exactly. */
  toJSON(): SegmentationMetricsJSON {
    this.assertSettled();
    const k = this.numClasses;
    return {
      type: 'diffseg30k.SegmentationMetrics',
      version: 2,
      numClasses: k,
      ignoreIndex: this.ignoreIndex,
      boundary: this.boundary,
      boundaryTolerance: this.boundaryTolerance ?? null,
      images: this.images,
      confusion: Array.from({ length: k }, (_, g) => Array.from(this.confusion.subarray(g * k, g * k + k))),
      bf1Sum: this.bf1Sum.map((s) => s.toJSON()),
      bf1Images: [...this.bf1Images],
    };
  }

  /**
   * Restores an accumulator from {@link toJSON} output (a parsed object or its JSON text; version
   * 1, written before conventions existed, is read as `'bfscore'`). Besides the shape, the state
   * must be one that images could have produced — every per-image F1 lies in [0, 1], so each
   * class's F1 sum is at most its image count, and no class is scored in more images than were
   * added — otherwise a score could come out above 1 or infinite.
   * @throws {MetricsError} naming the first field that is missing, malformed or impossible.
   */
  static fromJSON(json: SegmentationMetricsJSON | string, options?: { engine?: MetricsEngine }): SegmentationMetrics {
    let j: Partial<Omit<SegmentationMetricsJSON, 'version'>> & { version?: number };
    try {
      j = typeof json === 'string' ? JSON.parse(json) : json;
    } catch (error) {
      throw new MetricsError({ message: `SegmentationMetrics.fromJSON: not JSON: ${(error as Error).message}`, cause: error });
    }
    const bad = (field: string, why: string): never => {
      throw new MetricsError({ message: `SegmentationMetrics.fromJSON: ${field} ${why}` });
    };
    if (j === null || typeof j !== 'object' || Array.isArray(j)) bad('(root)', 'must be an object');
    if (j.type !== 'diffseg30k.SegmentationMetrics' || (j.version !== 1 && j.version !== 2)) {
      bad('type/version', `must be 'diffseg30k.SegmentationMetrics' version 1 or 2, got ${j.type} ${j.version}`);
    }
    if (j.version === 2 && !CONVENTIONS.includes(j.boundary as BoundaryConvention)) bad('boundary', `must be 'bfscore' or 'davis', got ${JSON.stringify(j.boundary)}`);
    const boundary = j.version === 1 ? 'bfscore' : (j.boundary as BoundaryConvention);
    const k = j.numClasses as number;
    let metrics: SegmentationMetrics;
    try {
      metrics = new SegmentationMetrics({ numClasses: k, ignoreIndex: j.ignoreIndex, boundary, boundaryTolerance: j.boundaryTolerance ?? undefined, engine: options?.engine });
    } catch (error) {
      throw new MetricsError({ message: `SegmentationMetrics.fromJSON: ${(error as Error).message}`, cause: error });
    }
    const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
    if (!isCount(j.images)) bad('images', 'must be a non-negative integer');
    const images = j.images as number;
    if (!Array.isArray(j.confusion) || j.confusion.length !== k || !j.confusion.every((row) => Array.isArray(row) && row.length === k && row.every(isCount))) {
      bad('confusion', `must be a ${k}×${k} array of non-negative integers`);
    }
    const confusion = j.confusion as number[][];
    const pixels = confusion.flat().reduce((a, b) => a + b, 0);
    if (!Number.isSafeInteger(pixels)) bad('confusion', `sums to ${pixels} pixels, more than can be counted exactly (2^53)`);
    if (images === 0 && pixels > 0) bad('confusion', `counts ${pixels} pixels but images is 0`);
    if (!Array.isArray(j.bf1Images) || j.bf1Images.length !== k || !j.bf1Images.every(isCount)) bad('bf1Images', `must be ${k} non-negative integers`);
    const bf1Images = j.bf1Images as number[];
    if (!Array.isArray(j.bf1Sum) || j.bf1Sum.length !== k) bad('bf1Sum', `must be ${k} hexadecimal strings`);
    const sums = (j.bf1Sum as unknown[]).map((s, i) => ExactSum.fromJSON(s) ?? bad(`bf1Sum[${i}]`, 'must be a hexadecimal string'));
    if (bf1Images[0] !== 0 || sums[0].units !== 0n) bad('bf1Images[0]/bf1Sum[0]', 'must be 0: background has no boundary F1');
    for (let c = 1; c < k; c++) {
      if (bf1Images[c] > images) bad(`bf1Images[${c}]`, `is ${bf1Images[c]}, more than the ${images} images added`);
      if (bf1Images[c] === 0 && sums[c].units !== 0n) bad(`bf1Sum[${c}]`, `must be 0 when bf1Images[${c}] is 0 (no image scored the class)`);
      if (!sums[c].isAtMost(bf1Images[c])) bad(`bf1Sum[${c}]`, `is ${sums[c].valueOf()}, more than its ${bf1Images[c]} images could sum to (each F1 ≤ 1)`);
    }
    metrics.images = images;
    confusion.forEach((row, g) => metrics.confusion.set(row, g * k));
    sums.forEach((s, i) => (metrics.bf1Sum[i] = s));
    bf1Images.forEach((n, i) => (metrics.bf1Images[i] = n));
    return metrics;
  }

  private assertSettled(): void {
    if (this.pending > 0) {
      throw new MetricsError({ message: `${this.pending} tfjs update(s) still running; await every update() before compute/merge/toJSON` });
    }
  }

  /** Checks one pair before any engine sees it; the message names the buffer, value and pixel. */
  private validate(image: MetricsImage): ImageStatsParams {
    const { gt, pred, width, height } = checkParams('SegmentationMetrics.update', image);
    if (!Number.isSafeInteger(width) || width < 1 || !Number.isSafeInteger(height) || height < 1) {
      throw new MetricsError({ message: `width and height must be positive integers, got ${width}×${height}` });
    }
    if (!isUint8Array(gt)) throw new MetricsError({ message: `gt must be a Uint8Array label map, got ${Object.prototype.toString.call(gt)}` });
    if (!isUint8Array(pred)) throw new MetricsError({ message: `pred must be a Uint8Array label map, got ${Object.prototype.toString.call(pred)}` });
    const n = width * height;
    if (gt.length !== n) throw new MetricsError({ message: `gt has ${gt.length} pixels but ${width}×${height} needs ${n}` });
    if (pred.length !== n) throw new MetricsError({ message: `pred has ${pred.length} pixels but ${width}×${height} needs ${n}` });
    const k = this.numClasses;
    const ignore = this.ignoreIndex;
    // The typed-array engine checks the labels in the same pass that counts them; the tfjs
    // engine is given only valid maps.
    if (this.engine !== 'js') checkLabels({ gt, pred, width, k, ignoreIndex: ignore });
    return { gt, pred, width, height, numClasses: k, ignoreIndex: ignore, boundary: this.boundary, tolerance: this.boundaryTolerance };
  }
}
