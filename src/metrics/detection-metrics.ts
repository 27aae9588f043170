import { ArgumentError } from '../errors.js';
import { averagePrecision } from './average-precision.js';
import { checkDetectionInput } from './check-detection-input.js';
import { MetricsError } from './metrics-error.js';
import { checkParams } from '../internal/check-params.js';

/** Options of {@link DetectionMetrics}. */
export interface DetectionMetricsOptions {
  /**
   * An image is predicted positive (edited) when its score is strictly greater than this
   * (as `torchmetrics`' binary accuracy and `prob > 0.5` do).
   * @default 0.5
   */
  threshold?: number;
}

/** Scores of {@link DetectionMetrics.compute}. */
export interface DetectionResult {
  /** (TP + TN) / images at {@link DetectionResult.threshold}; null without images. */
  accuracy: number | null;
  /** sklearn-style average precision; null without a positive image. */
  ap: number | null;
  /** The threshold used: `score > threshold` is a positive. */
  threshold: number;
  /** Images scored. */
  images: number;
  /** Images whose label is positive. */
  positives: number;
  /** Edited images scored above the threshold. */
  truePositives: number;
  /** Unedited images scored above the threshold. */
  falsePositives: number;
  /** Unedited images scored at or below the threshold. */
  trueNegatives: number;
  /** Edited images scored at or below the threshold. */
  falseNegatives: number;
}

/** Lossless serialized state of a {@link DetectionMetrics}. */
export interface DetectionMetricsJSON {
  /** Marks the JSON as a DetectionMetrics state. */
  type: 'diffseg30k.DetectionMetrics';
  /** Format version of the state. */
  version: 1;
  /** The threshold used: `score > threshold` is a positive. */
  threshold: number;
  /** Every image's score, in update order. */
  scores: number[];
  /** 0/1 per score. */
  labels: number[];
}

/**
 * Accumulator of image-level detection metrics (docs/metrics.md; the paper's Acc and AP): keeps every
 * (score, label) pair, because AP needs the full ranking; merging concatenates, and since tied
 * scores form one threshold the result does not depend on the order images arrived in.
 *
 * @example
 * ```ts
 * const detection = new DetectionMetrics();
 * detection.update({ scores: [0.9, 0.2], labels: [1, 0] });   // or detection.update({ scores: 0.9, labels: true })
 * const { accuracy, ap } = detection.compute();
 * ```
 */
export class DetectionMetrics {
  /** Decision threshold for accuracy. */
  readonly threshold: number;
  private scores: number[] = [];
  private labels: number[] = [];

  constructor(options: DetectionMetricsOptions = {}) {
    const { threshold = 0.5 } = checkParams('DetectionMetrics', options ?? {}, ['threshold']);
    if (!Number.isFinite(threshold)) throw new ArgumentError({ message: `metrics: threshold must be a finite number, got ${threshold}` });
    this.threshold = threshold;
  }

  /**
   * Adds one image (a score and a label) or many (two arrays of equal length).
   * @throws {MetricsError} on a NaN/infinite score, a label other than 0/1/boolean, or lengths that differ.
   */
  update(params: { scores: number | ArrayLike<number>; labels: number | boolean | ArrayLike<number | boolean> }): void {
    const { scores, labels } = checkParams('DetectionMetrics.update', params);
    const s = typeof scores === 'number' ? [scores] : scores;
    const l = typeof labels === 'number' || typeof labels === 'boolean' ? [labels] : labels;
    checkDetectionInput({ scores: s, labels: l, where: 'DetectionMetrics.update' });
    for (let i = 0; i < s.length; i++) {
      this.scores.push(s[i]);
      this.labels.push(l[i] === 1 || l[i] === true ? 1 : 0);
    }
  }

  /** Adds another accumulator's images (same threshold required). @returns this. */
  merge(other: DetectionMetrics): this {
    if (!(other instanceof DetectionMetrics)) throw new MetricsError({ message: 'merge expects a DetectionMetrics' });
    if (other.threshold !== this.threshold) throw new MetricsError({ message: `cannot merge detection metrics with thresholds ${other.threshold} and ${this.threshold}` });
    for (let i = 0; i < other.scores.length; i++) {
      this.scores.push(other.scores[i]);
      this.labels.push(other.labels[i]);
    }
    return this;
  }

  /** The scores so far. */
  compute(): DetectionResult {
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    for (let i = 0; i < this.scores.length; i++) {
      const predicted = this.scores[i] > this.threshold;
      if (this.labels[i] === 1) predicted ? tp++ : fn++;
      else predicted ? fp++ : tn++;
    }
    const images = this.scores.length;
    return {
      accuracy: images === 0 ? null : (tp + tn) / images,
      ap: averagePrecision({ scores: this.scores, labels: this.labels }),
      threshold: this.threshold,
      images,
      positives: tp + fn,
      truePositives: tp,
      falsePositives: fp,
      trueNegatives: tn,
      falseNegatives: fn,
    };
  }

  /** Lossless, JSON-safe state. */
  toJSON(): DetectionMetricsJSON {
    return { type: 'diffseg30k.DetectionMetrics', version: 1, threshold: this.threshold, scores: [...this.scores], labels: [...this.labels] };
  }

  /**
   * Restores an accumulator from {@link toJSON} output (object or JSON text).
   * @throws {MetricsError} naming the malformed field.
   */
  static fromJSON(json: DetectionMetricsJSON | string): DetectionMetrics {
    let j: Partial<DetectionMetricsJSON>;
    try {
      j = typeof json === 'string' ? JSON.parse(json) : json;
    } catch (error) {
      throw new MetricsError({ message: `DetectionMetrics.fromJSON: not JSON: ${(error as Error).message}`, cause: error });
    }
    if (j === null || typeof j !== 'object' || j.type !== 'diffseg30k.DetectionMetrics' || j.version !== 1) {
      throw new MetricsError({ message: `DetectionMetrics.fromJSON: type/version must be 'diffseg30k.DetectionMetrics' version 1` });
    }
    if (typeof j.threshold !== 'number' || !Number.isFinite(j.threshold)) throw new MetricsError({ message: 'DetectionMetrics.fromJSON: threshold must be a finite number' });
    if (!Array.isArray(j.scores) || !Array.isArray(j.labels)) throw new MetricsError({ message: 'DetectionMetrics.fromJSON: scores and labels must be arrays' });
    const metrics = new DetectionMetrics({ threshold: j.threshold });
    try {
      metrics.update({ scores: j.scores, labels: j.labels });
    } catch (error) {
      throw error instanceof MetricsError ? error.within({ verb: 'DetectionMetrics.fromJSON' }) : error;
    }
    return metrics;
  }
}
