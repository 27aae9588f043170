import { ArgumentError } from '../errors.js';
import { GENERATORS, type Generator, isGenerator } from '../schema/labels.js';
import type { DatasetCard } from './parse-dataset-card.js';

/** The card key under which `diffseg30k import` records the `labelOrder` its masks use. */
export const LABEL_ORDER_KEY = 'diffseg30k_label_order';

/**
 * The generators behind mask values 1, 2, … of a dataset's mask-only records: `labelOrder` when
 * given, else what the card records under {@link LABEL_ORDER_KEY}, else `undefined` (the package's
 * label ids).
 * @throws {ArgumentError} for an order that is not distinct generator names (1 to 254 of them),
 *   given or from the card.
 */
export function labelOrderFromCard(params: { card: DatasetCard | undefined; labelOrder?: readonly Generator[] }): readonly Generator[] | undefined {
  const order: unknown = params.labelOrder ?? params.card?.data[LABEL_ORDER_KEY];
  if (order === undefined || order === null) return undefined;
  if (!Array.isArray(order) || order.length === 0 || order.length > 254 || order.some((g) => typeof g !== 'string' || !isGenerator(g)) || new Set(order).size !== order.length) {
    throw new ArgumentError({ message: `labelOrder: must list distinct generators (${GENERATORS.join(', ')}), the one behind mask value 1 first; got ${JSON.stringify(order)}` });
  }
  return order as Generator[];
}
