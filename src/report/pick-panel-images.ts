import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { seededRandom } from '../internal/prng.js';
import type { ImageScore } from './track-images.js';

/** The images of Figure 6, in the order they are shown. */
export interface PanelPicks {
  /** Lowest semantic IoU first. */
  worst: ImageScore[];
  /** Highest semantic IoU first. */
  best: ImageScore[];
  /** Drawn with the seed from the images left, in their evaluation order. */
  random: ImageScore[];
}

/**
 * Picks the images of a report's Figure 6: the `count` worst and `count` best by semantic IoU
 * (images without an IoU — unedited and predicted clean — are not ranked; ties broken by id, so
 * the pick does not depend on the evaluation order), and `count` drawn at random with `seed` from
 * the rest. No image appears twice.
 * @param params.count - images per group. @default 4
 * @param params.seed - seed of the random group. @default 0
 * @throws {ArgumentError} for a count that is not a non-negative integer.
 * @example
 * const { worst, best, random } = pickPanelImages({ images: tracked.images, count: 3, seed: 7 });
 */
export function pickPanelImages(params: { images: readonly ImageScore[]; count?: number; seed?: number }): PanelPicks {
  checkParams('pickPanelImages', params, ['images', 'count', 'seed']);
  const count = params.count ?? 4;
  if (!Number.isInteger(count) || count < 0) throw new ArgumentError({ message: `pickPanelImages: count must be a non-negative integer, got ${count}` });
  const ranked = params.images.filter((i) => i.iou !== null).sort((a, b) => a.iou! - b.iou! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const worst = ranked.slice(0, count);
  const best = ranked.slice(Math.max(count, ranked.length - count)).reverse();
  const taken = new Set([...worst, ...best].map((i) => i.id));
  const rest = params.images.filter((i) => !taken.has(i.id));
  // A partial Fisher–Yates over indices: `count` draws, whatever the number of images.
  const random = seededRandom(['evaluation-report-panels', params.seed ?? 0]);
  const index = rest.map((_, i) => i);
  const picked: ImageScore[] = [];
  for (let k = 0; k < Math.min(count, rest.length); k++) {
    const j = k + Math.floor(random() * (index.length - k));
    [index[k], index[j]] = [index[j], index[k]];
    picked.push(rest[index[k]]);
  }
  return { worst, best, random: picked };
}
