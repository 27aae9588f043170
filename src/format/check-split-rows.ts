import { FormatError } from '../errors.js';
import type { Dataset } from './open-dataset.js';

/**
 * Refuses a split whose shards hold another number of rows than its card's
 * `dataset_info.splits[].num_examples` says — as Python `datasets` does
 * (`NonMatchingSplitsSizesError`): a count that disagrees means a shard missing, extra or cut
 * short, and reading on would give a split of the wrong size without a word. A card that gives
 * no count is not checked.
 *
 * @param params.rows - the rows the split's shard footers hold, together.
 * @throws {FormatError} naming the card, the split and both counts.
 * @internal
 */
export function checkSplitRows(params: { layout: Dataset; split: string; rows: number }): void {
  const { layout, rows } = params;
  const split = layout.split(params.split);
  if (split.num_examples === undefined || split.num_examples === rows) return;
  throw new FormatError({
    module: 'card',
    file: `${layout.source.name}/README.md`,
    message: `split ${split.name}: dataset_info says num_examples ${split.num_examples}, but its ${split.files.length} shard${split.files.length === 1 ? '' : 's'} hold ${rows} rows (a shard missing, extra or cut short, or a stale card)`,
  });
}
