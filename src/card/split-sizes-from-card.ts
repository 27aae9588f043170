import { defaultDatasetInfo } from './default-dataset-info.js';
import type { DatasetCard } from './parse-dataset-card.js';

/** What a card's `dataset_info.splits` says of one split; a field it does not give as a number is `undefined`. */
export interface CardSplitSize {
  /** Records in the split. */
  num_examples?: number;
  /** Arrow size of the split. */
  num_bytes?: number;
}

/**
 * `split → {num_examples, num_bytes}` from the card's `dataset_info.splits` (of the default
 * config, when `dataset_info` is a per-config list); empty when the card says nothing usable.
 * Entries without a string `name` are passed over: the numbers are informative.
 * @example
 * splitSizesFromCard(card).get('validation')?.num_examples // 6000
 */
export function splitSizesFromCard(card: DatasetCard | undefined): Map<string, CardSplitSize> {
  const out = new Map<string, CardSplitSize>();
  const splits = defaultDatasetInfo(card)?.splits;
  if (!Array.isArray(splits)) return out;
  for (const s of splits) {
    if (!s || typeof s.name !== 'string') continue;
    out.set(s.name, {
      num_examples: typeof s.num_examples === 'number' ? s.num_examples : undefined,
      num_bytes: typeof s.num_bytes === 'number' ? s.num_bytes : undefined,
    });
  }
  return out;
}
