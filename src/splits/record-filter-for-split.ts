import { canonicalSplit } from '../schema/labels.js';
import { type RecordFilterOptions, type RecordPredicate, RECORD_FILTER_KEYS, recordFilter } from './record-filter.js';
import { pickKeys } from '../internal/check-params.js';

/**
 * The predicate `loadSplit(split, options)` applies to each record: {@link recordFilter} with the
 * side of a holdout taken from the split name. With `holdout` set, the `train` split keeps the
 * train side (images with no held-out edit, and the negatives) and every other split
 * (`validation`, `val`, `test` …) keeps the test side (images with a held-out edit) — so
 * `loadSplit('train', { holdout })` and `loadSplit('validation', { holdout })` are the two halves
 * of the paper's Table 5 protocol. An explicit `holdoutSide` wins, e.g. to validate on seen
 * generators with `loadSplit('validation', { holdout, holdoutSide: 'train' })`.
 *
 * Keys other than the filter options are ignored, so the whole `loadSplit` options object can be
 * passed.
 *
 * @throws {ArgumentError} on a bad option, as {@link recordFilter}.
 * @example
 * import { recordFilterForSplit } from 'diffseg30k';
 * const keep = recordFilterForSplit('train', { holdout: 'sd2+sd3.5', minQuality: 3 });
 * for await (const s of stream) if (keep(s)) yield s;
 */
export function recordFilterForSplit(split: string, options: RecordFilterOptions = {}): RecordPredicate {
  // The filter's own options out of a larger set (loadSplit's), each checked by recordFilter.
  const own = pickKeys(options ?? {}, RECORD_FILTER_KEYS);
  if (own.holdout == null || own.holdoutSide != null) return recordFilter(own);
  return recordFilter({ ...own, holdoutSide: canonicalSplit(split) === 'train' ? 'train' : 'test' });
}
