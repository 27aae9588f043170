export { splitOf, type SplitParams, type SplitSide } from './split-of.js';
export { splitRecords, type SplitResult } from './split-records.js';
export { HOLDOUT_PRESETS, type HoldoutPreset, type HeldOut } from './holdout-presets.js';
export { resolveHoldout } from './resolve-holdout.js';
export { holdoutSide, type HoldoutSide, type HoldoutRecord } from './holdout-side.js';
export {
  crossGeneratorSplit,
  type CrossGeneratorCounts,
  type CrossGeneratorSplitResult,
} from './cross-generator-split.js';
export {
  recordFilter,
  type RecordFilterOptions,
  type FilterableRecord,
  type RecordPredicate,
} from './record-filter.js';
export { filterRecords } from './filter-records.js';
export { recordFilterForSplit } from './record-filter-for-split.js';
