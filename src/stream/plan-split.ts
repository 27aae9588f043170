import { SPLIT_ORDER_KEYS, type SplitOrderOptions } from './load-split-options.js';
import { prepareSplit } from './internal/prepare-split.js';
import type { SplitPlan } from './split-plan.js';
import { checkOptions } from '../internal/check-params.js';

/**
 * The plan {@link index!loadSplit} follows for these options: which rows this rank reads in this
 * epoch, in order, from the split's row counts alone (plus a metadata-only pass when filters
 * are set). A pure function of the data's revision, `(seed, epoch, shuffle, shuffleBuffer)`,
 * `(rank, worldSize, partition)`, the filters and a `resume` state — so it can be cached,
 * compared and inspected, e.g. to check that ranks 0…N−1 together cover the split once.
 *
 * @throws what {@link index!loadSplit} throws before its first sample (bad options, a missing split,
 *   a {@link index!ResumeError} for a state of other data).
 * @example
 * import { planSplit } from 'diffseg30k/format';
 * const plan = await planSplit('train', { source: 'samples', shuffle: true, seed: 7, epoch: 0, rank: 0, worldSize: 2 });
 * console.log(plan.order.length, plan.order.slice(0, 5)); // this rank's first five rows
 */
export async function planSplit(split: string, options: SplitOrderOptions = {}): Promise<SplitPlan> {
  const prepared = await prepareSplit(split, checkOptions('planSplit', options, SPLIT_ORDER_KEYS), { forcePlan: true });
  return prepared.planned!.plan;
}
