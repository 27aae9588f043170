import type { DatasetCard } from './parse-dataset-card.js';

/**
 * The `dataset_info` of a card's default config: the mapping itself, or from a per-config list
 * the entry of `config_name: default`, else the first — as the Hub reads it. `undefined` when the
 * card has none; what is inside is unchecked (a card is untrusted input).
 */
export function defaultDatasetInfo(card: DatasetCard | undefined): Record<string, unknown> | undefined {
  let info = card?.data.dataset_info as unknown;
  if (Array.isArray(info)) info = info.find((i) => i?.config_name === 'default') ?? info[0];
  return info && typeof info === 'object' && !Array.isArray(info) ? (info as Record<string, unknown>) : undefined;
}
