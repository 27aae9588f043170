import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { GENERATORS, NUM_CLASSES, type Generator } from '../schema/labels.js';
import { closest } from '../internal/check-params.js';
import { keepGenerators } from './keep-generators.js';
import type { MaskOnlyMetadata, RecordMetadata } from '../schema/record.js';
import { DetectionMetrics, type DetectionResult } from './detection-metrics.js';
import type { BoundaryConvention } from './image-stats.js';
import { MetricsError } from './metrics-error.js';
import { MetricsPool } from './metrics-pool.js';
import { SegmentationMetrics, type SegmentationResult } from './segmentation-metrics.js';
import { toBinaryLabels } from './to-binary-labels.js';
import { findInvalidLabel } from './find-invalid-label.js';

/** The two segmentation tasks of the paper: edited-vs-not, and which generator. */
export type EvaluationTask = 'binary' | 'semantic';

/** Record fields a breakdown can group by. */
export const EVALUATION_GROUPINGS = ['num_turns', 'generator', 'variant', 'edit_type', 'base_type'] as const;
/** A record field a breakdown can group by. */
export type EvaluationGrouping = (typeof EVALUATION_GROUPINGS)[number];

/** Class names of each task, in label-id order. */
export const TASK_CLASS_NAMES: Readonly<Record<EvaluationTask, readonly string[]>> = {
  binary: ['unedited', 'edited'],
  semantic: ['background', ...GENERATORS],
};

/** The record fields evaluation reads, of either kind of record. */
export type EvaluationRecord =
  | Pick<RecordMetadata, 'id' | 'num_turns' | 'turns' | 'base_type' | 'width' | 'height'>
  | Pick<MaskOnlyMetadata, 'id' | 'num_turns' | 'turns' | 'base_type' | 'width' | 'height' | 'generators'>;

/** One image to score: its metadata, its ground truth and the prediction. */
export interface EvaluationItem {
  /**
   * The image's record (its id names it in errors; its turns and fields give the groups). A
   * mask-only record (turns unknown) groups as `'unknown'`, by generator from its label map.
   */
  record: EvaluationRecord;
  /** Ground-truth label map (0 background, 1..8 generators, 255 ignore), `width × height` bytes. */
  gt: Uint8Array;
  /** Predicted label map (0..8, or 0/1 for the binary task only), `width × height` bytes. */
  pred: Uint8Array;
  /** Image-level score that the image was edited (required when `detection` is on). */
  score?: number;
}

/** The scores of one task, with its class names in label-id order. */
export interface TaskReport extends SegmentationResult {
  /** Name of each class, indexed by label id (`iou[c]` is the IoU of `classNames[c]`). */
  classNames: readonly string[];
}

/** Scores of one group of images (or of all of them). */
export interface GroupReport {
  /** Images in the group. */
  images: number;
  /** The binary task, when evaluated. */
  binary?: TaskReport;
  /** The semantic task, when evaluated. */
  semantic?: TaskReport;
  /** Image-level detection, when scores were given. */
  detection?: DetectionResult;
}

/** What {@link evaluatePredictions} returns. */
export interface EvaluationReport {
  /** Images scored. */
  images: number;
  /** Tasks evaluated. */
  tasks: EvaluationTask[];
  /** The boundary-F1 convention of every bF1 in the report. */
  boundary: BoundaryConvention;
  /**
   * The generators whose masks were scored, when {@link EvaluatePredictionsParams.generators}
   * restricted them (the semantic `miou` and `bf1` are then means over these classes only);
   * absent when every generator's masks were.
   */
  generators?: Generator[];
  /** The whole set of images. */
  overall: GroupReport;
  /**
   * Per grouping asked for, per group name (`'none'` for unedited images): `groups.num_turns['2']`.
   * `variant` groups are named `sdxl` for the vanilla generator and `sdxl:hyper-sd-8step` for a variant.
   */
  groups: Partial<Record<EvaluationGrouping, Record<string, GroupReport>>>;
}

/** Parameters of {@link evaluatePredictions}. */
export interface EvaluatePredictionsParams {
  /** The images, in any order (an async generator streams a split without holding it). */
  items: AsyncIterable<EvaluationItem> | Iterable<EvaluationItem>;
  /** Tasks to score. @default ['binary', 'semantic'] */
  tasks?: readonly EvaluationTask[];
  /**
   * Also report per group of these record fields. An image edited by two generators counts in
   * both generator groups; unedited images form the group `'none'`.
   * @default []
   */
  by?: readonly EvaluationGrouping[];
  /**
   * Score only the masks of these generators (the paper's Table 4: mIoU on SDXL masks, vanilla
   * and LoRA). The truth's pixels of every other generator are ignored, like label 255, and the
   * prediction there is taken as background, so that it counts neither for nor against (not in
   * the boundary F1 either). Both tasks see the restricted truth; the
   * semantic `miou` and `bf1` are means over these generators' classes only (the per-class
   * arrays keep every class). Image-level detection is not restricted.
   * @default every generator
   */
  generators?: readonly Generator[];
  /** Boundary-F1 convention (see docs/metrics.md). @default 'bfscore' */
  boundary?: BoundaryConvention;
  /** Boundary-F1 tolerance in pixels. @default the convention's: bfscore 0.0075 × each image's diagonal, davis ceil(0.008 × diagonal) */
  boundaryTolerance?: number;
  /** Score image-level detection from each item's `score` (accuracy at `threshold`, and AP). @default false */
  detection?: boolean;
  /** Detection threshold: `score > threshold` is a positive. @default 0.5 */
  threshold?: number;
  /** Spread the per-image metric work over this many worker threads (identical result). */
  workers?: number;
  /** Called after each image with the number done. */
  onProgress?: (done: number) => void;
}

/** Accumulators of one group. */
interface Group {
  images: number;
  binary?: SegmentationMetrics;
  semantic?: SegmentationMetrics;
  detection?: DetectionMetrics;
}

/**
 * Scores predictions against ground truth the way the paper reports them — pixel accuracy, mIoU
 * and boundary F1 for binary localization and semantic attribution, per-class IoU and bF1,
 * image-level detection accuracy and AP — overall and per group of images. Each image is
 * measured once, however many groups it belongs to; with `workers` the measuring runs on
 * worker threads and the result is identical.
 *
 * @throws {MetricsError} naming the image for a prediction of the wrong size or with a label out
 *   of range, a missing score, or no images at all.
 * @example
 * ```ts
 * async function* items() {
 *   for await (const s of loadSplit('val', { source: 'samples' })) {
 *     yield { record: s, gt: await s.labelMap(), pred: await myModel(s) };
 *   }
 * }
 * const report = await evaluatePredictions({ items: items(), by: ['num_turns'] });
 * report.overall.semantic?.miou; report.groups.num_turns?.['2'].binary?.bf1;
 * ```
 */
export async function evaluatePredictions(params: EvaluatePredictionsParams): Promise<EvaluationReport> {
  const { items, tasks = ['binary', 'semantic'], by = [], generators, boundary = 'bfscore', boundaryTolerance, detection = false, threshold = 0.5, workers, onProgress } = checkParams('evaluatePredictions', params, ['items', 'tasks', 'by', 'generators', 'boundary', 'boundaryTolerance', 'detection', 'threshold', 'workers', 'onProgress']);
  for (const t of tasks) if (t !== 'binary' && t !== 'semantic') throw new ArgumentError({ message: `evaluatePredictions: tasks are 'binary' and 'semantic', got '${String(t)}'` });
  if (tasks.length === 0) throw new ArgumentError({ message: 'evaluatePredictions: no task to evaluate' });
  for (const b of by) {
    if (!(EVALUATION_GROUPINGS as readonly string[]).includes(b)) throw new ArgumentError({ message: `evaluatePredictions: by must be among ${EVALUATION_GROUPINGS.join(', ')}, got '${String(b)}'` });
  }
  const kept = generators === undefined ? undefined : checkGenerators(generators);
  const numClasses: Record<EvaluationTask, number> = { binary: 2, semantic: NUM_CLASSES };
  const groups = new Map<string, Group>();
  const groupFor = (key: string): Group => {
    let g = groups.get(key);
    if (!g) {
      g = { images: 0 };
      for (const t of tasks) g[t] = new SegmentationMetrics({ numClasses: numClasses[t], boundary, boundaryTolerance });
      if (detection) g.detection = new DetectionMetrics({ threshold });
      groups.set(key, g);
    }
    return g;
  };
  groupFor('all');

  const pool = workers === undefined ? undefined : new MetricsPool({ workers });
  const inFlight = new Set<Promise<void>>();
  let poolError: unknown;
  let images = 0;
  try {
    for await (const item of items) {
      const { record } = item;
      const { gt, pred } = kept ? keepGenerators({ gt: item.gt, pred: item.pred, generators: kept }) : item;
      const keys = ['all', ...by.flatMap((b) => groupsOf(record, b, kept).map((v) => `${b}=${v}`))];
      const members = keys.map(groupFor);
      for (const m of members) m.images++;
      for (const t of tasks) {
        const image = { gt: t === 'binary' ? toBinaryLabels(gt) : gt, pred: t === 'binary' ? toBinaryLabels(pred) : pred, width: record.width, height: record.height };
        if (pool) {
          // Settles without rejecting (the first failure is kept in poolError), so a wait on
          // in-flight jobs never sees a raw worker error before it is named.
          const job: Promise<void> = pool
            // The binary maps are this loop's own copies: handed over rather than copied again.
            .update({ keys: keys.map((k) => `${t}|${k}`), options: { numClasses: numClasses[t], boundary, boundaryTolerance }, ...image, label: record.id, transfer: t === 'binary' })
            .catch((error: unknown) => void (poolError ??= strayLabelError(record, gt, pred) ?? error))
            .finally(() => inFlight.delete(job));
          inFlight.add(job);
        } else {
          // Measured once, added to every group the image belongs to.
          let stats;
          try {
            stats = members[0][t]!.measureImage(image);
          } catch (error) {
            if (error instanceof MetricsError) throw strayLabelError(record, gt, pred) ?? error.within({ image: record.id });
            throw error;
          }
          for (const m of members) m[t]!.addImageStats(stats);
        }
      }
      if (detection) {
        if (typeof item.score !== 'number') throw new MetricsError({ message: `image ${record.id}: no detection score` });
        const positive = hasEdit(record, item.gt);
        for (const m of members) m.detection!.update({ scores: item.score, labels: positive });
      }
      images++;
      onProgress?.(images);
      if (pool) {
        // Bounded memory: never more than a few images per worker queued.
        while (inFlight.size >= 4 * pool.workers && poolError === undefined) await Promise.race(inFlight);
        if (poolError !== undefined) throw poolError;
      }
    }
    if (pool) {
      await Promise.allSettled([...inFlight]);
      if (poolError !== undefined) throw poolError;
      const merged = await pool.close();
      for (const [key, group] of groups) for (const t of tasks) group[t] = merged.get(`${t}|${key}`) ?? group[t];
    }
  } catch (error) {
    await pool?.terminate();
    throw error;
  }
  if (images === 0) throw new MetricsError({ context: { verb: 'evaluatePredictions' }, message: 'no images to evaluate' });

  const keptClasses = kept?.map((g) => GENERATORS.indexOf(g) + 1);
  const semanticReport = (metrics: SegmentationMetrics): TaskReport => {
    const result = metrics.compute();
    if (!keptClasses) return { ...result, classNames: TASK_CLASS_NAMES.semantic };
    // The means over the scored generators only: the others' IoU would be 0 wherever a prediction
    // names them, though their masks were not scored.
    return { ...result, miou: meanOf(keptClasses.map((c) => result.iou[c])), bf1: meanOf(keptClasses.map((c) => result.bf1PerClass[c])), classNames: TASK_CLASS_NAMES.semantic };
  };
  const report = (group: Group): GroupReport => ({
    images: group.images,
    ...(group.binary && { binary: { ...group.binary.compute(), classNames: TASK_CLASS_NAMES.binary } }),
    ...(group.semantic && { semantic: semanticReport(group.semantic) }),
    ...(group.detection && { detection: group.detection.compute() }),
  });
  const byGroup: EvaluationReport['groups'] = {};
  for (const b of by) {
    const entries = [...groups.entries()]
      .filter(([key]) => key.startsWith(`${b}=`))
      .sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true }))
      .map(([key, g]) => [key.slice(b.length + 1), report(g)] as const);
    byGroup[b] = Object.fromEntries(entries);
  }
  return { images, tasks: [...tasks], boundary, ...(kept && { generators: kept }), overall: report(groups.get('all')!), groups: byGroup };
}

/** The mean of the numbers that are not null, or null when none is. */
function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

/** The generators to score, in label-id order, each checked by name. */
function checkGenerators(generators: readonly Generator[]): Generator[] {
  if (!Array.isArray(generators) || generators.length === 0) throw new ArgumentError({ message: 'evaluatePredictions: generators must name at least one generator (leave it out to score every generator)' });
  for (const g of generators) {
    if (!(GENERATORS as readonly string[]).includes(g)) {
      const near = closest(String(g), GENERATORS);
      throw new ArgumentError({ message: `evaluatePredictions: unknown generator '${String(g)}'${near ? `; did you mean '${near}'?` : `; the generators are ${GENERATORS.join(', ')}`}` });
    }
  }
  return GENERATORS.filter((g) => generators.includes(g));
}

/**
 * The error naming a prediction's label that is no label id at all, or undefined when it has
 * none. Looked for only once a measurement has failed (valid maps never pay for a second pass):
 * after the binary mapping a stray 9 would only be reported as "numClasses is 2", which blames
 * the wrong thing.
 */
function strayLabelError(record: EvaluationRecord, gt: Uint8Array, pred: Uint8Array): MetricsError | undefined {
  const stray = pred.length === gt.length ? findInvalidLabel({ gt: pred, pred, k: NUM_CLASSES, ignoreIndex: -1 }) : -1;
  if (stray < 0) return undefined;
  return new MetricsError({
    context: { image: record.id },
    message: `the prediction has label ${pred[stray]} at x=${stray % record.width}, y=${Math.floor(stray / record.width)}; predictions are label ids 0..${NUM_CLASSES - 1} (0 background, 1..${NUM_CLASSES - 1} the generators; 0/1 also works for the binary task)`,
  });
}

/**
 * Group names of one image along one grouping. With `kept`, the `variant` groups name only the
 * scored generators' edits (an image with none of them is in `'none'`).
 */
function groupsOf(record: EvaluationRecord, by: EvaluationGrouping, kept: readonly Generator[] | undefined): string[] {
  const unique = (values: string[]) => (values.length === 0 ? ['none'] : [...new Set(values)].sort());
  // Mask-only records: turns unknown, generators from the label map.
  switch (by) {
    case 'num_turns':
      return [record.num_turns === null ? 'unknown' : String(record.num_turns)];
    case 'generator':
      return unique(record.turns === null ? [...record.generators] : record.turns.map((t) => t.generator));
    case 'variant':
      return record.turns === null
        ? ['unknown']
        : unique(record.turns.filter((t) => !kept || kept.includes(t.generator)).map((t) => (t.variant ? `${t.generator}:${t.variant}` : t.generator)));
    case 'edit_type':
      return record.turns === null ? ['unknown'] : unique(record.turns.map((t) => t.edit_type));
    case 'base_type':
      return [record.base_type ?? 'unknown'];
  }
}

/** Whether the image has an edit: its turns say so, or — without turn metadata — its label map. */
function hasEdit(record: EvaluationRecord, gt: Uint8Array): boolean {
  if (record.num_turns !== null && record.num_turns > 0) return true;
  for (let i = 0; i < gt.length; i++) if (gt[i] >= 1 && gt[i] < NUM_CLASSES) return true;
  return false;
}
