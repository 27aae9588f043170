import { defaultDatasetInfo } from './default-dataset-info.js';
import type { DatasetCard } from './parse-dataset-card.js';

/**
 * The Parquet layout a card's `dataset_info.features` describe (as a list of `{name, …}` or a
 * mapping): `canonical` when they have `turns` and `num_turns`, `image-mask` when they have
 * `image` and `mask`, else `undefined` — then the first shard's footer decides.
 */
export function layoutFromCard(card: DatasetCard): 'canonical' | 'image-mask' | undefined {
  const features = defaultDatasetInfo(card)?.features;
  const names = Array.isArray(features) ? features.map((f) => (f as { name?: unknown })?.name) : features && typeof features === 'object' ? Object.keys(features) : [];
  if (names.includes('turns') && names.includes('num_turns')) return 'canonical';
  if (names.includes('image') && names.includes('mask')) return 'image-mask';
  return undefined;
}
