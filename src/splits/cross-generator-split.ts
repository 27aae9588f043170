import { ArgumentError } from '../errors.js';
import type { Generator } from '../schema/labels.js';
import type { HeldOut } from './holdout-presets.js';
import { type HoldoutRecord, hasHeldOutTurn } from './holdout-side.js';
import { resolveHoldout } from './resolve-holdout.js';
import { checkParams } from '../internal/check-params.js';

/** How many records went where in a {@link crossGeneratorSplit}. */
export interface CrossGeneratorCounts {
  /** Records on the train side (negatives included). */
  train: number;
  /** Records on the test side. */
  test: number;
  /** Unedited images (no turns); all of them are on the train side. */
  negatives: number;
  /**
   * Test images that mix a held-out edit with at least one edit by a seen generator. They are
   * test images (their held-out pixels must not be trained on); the count tells how much of the
   * test side is not purely unseen-generator edits.
   */
  mixed: number;
}

/** Both sides of a cross-generator holdout, each in input order, with counts. */
export interface CrossGeneratorSplitResult<R> {
  /** Images none of whose turns uses a held-out generator, and every negative. */
  train: R[];
  /** Images with at least one turn by a held-out generator (mixed images included). */
  test: R[];
  /** Sizes of the sides, negatives and mixed images. */
  counts: CrossGeneratorCounts;
  /** The held-out generators, resolved from the preset, in label-id order. */
  heldOut: Generator[];
}

/**
 * Splits records for a cross-generator generalization experiment (the paper's Table 5): train
 * on the images edited only by seen generators, test on the images edited by held-out ones.
 *
 * - train: images none of whose turns uses a held-out generator; unedited negatives go here.
 * - test: images with at least one held-out edit. A mixed image (a held-out edit plus edits by
 *   seen generators) goes to test, never to train, and is counted in `counts.mixed`.
 *
 * Each record's side depends on that record alone (see `holdoutSide`), so the same protocol
 * runs on a stream via `recordFilter({ holdout })` / `loadSplit(…, { holdout })`.
 *
 * @param options.holdout a preset of {@link HOLDOUT_PRESETS} (`'flux.1+hunyuandit-1.1'`, `'sd2+sd3.5'`,
 * `'glide+kolors'`) or a non-empty array of generators.
 * @throws {ArgumentError} on an unknown preset or generator (the message lists the valid ones),
 * or a record without a `turns` array.
 * @example
 * import { crossGeneratorSplit } from 'diffseg30k';
 * const { train, test, counts } = crossGeneratorSplit(records, { holdout: 'sd2+sd3.5' });
 * console.log(counts); // { train, test, negatives, mixed }
 */
export function crossGeneratorSplit<R extends HoldoutRecord>(
  records: Iterable<R>,
  options: { holdout: HeldOut },
): CrossGeneratorSplitResult<R> {
  const { holdout } = checkParams('crossGeneratorSplit', options, ['holdout']);
  const generators = resolveHoldout(holdout);
  const held = new Set(generators);
  const train: R[] = [];
  const test: R[] = [];
  let negatives = 0;
  let mixed = 0;
  let index = 0;
  for (const record of records) {
    if (!Array.isArray(record?.turns) && !(record?.turns === null && Array.isArray((record as { generators?: unknown }).generators))) {
      throw new ArgumentError({ message: `splits: record ${index} has no turns array` });
    }
    // A mask-only record (turns unknown) is judged by the generators its label map shows.
    const present = record.turns === null ? record.generators : record.turns.map((t) => t.generator);
    if (hasHeldOutTurn(record, held)) {
      test.push(record);
      if (present.some((g) => !held.has(g))) mixed++;
    } else {
      train.push(record);
      if (record.turns !== null && record.turns.length === 0) negatives++;
    }
    index++;
  }
  return { train, test, counts: { train: train.length, test: test.length, negatives, mixed }, heldOut: generators };
}
