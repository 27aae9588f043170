import type { EvaluationItem } from '../metrics/evaluate-predictions.js';
import { checkParams } from '../internal/check-params.js';
import { NUM_CLASSES } from '../schema/labels.js';
import { imageIou } from './image-iou.js';

/** What a report keeps of one scored image: its id and numbers, never its pixels. */
export interface ImageScore {
  /** The record's id. */
  id: string;
  /** Semantic IoU of the image ({@link imageIou}); null when neither map has an edit. */
  iou: number | null;
  /** Whether the image has an edit (its turns, or without turns its label map). */
  edited: boolean;
  /** The item's detection score, when it had one. */
  score?: number;
}

/** What {@link trackImages} returns. */
export interface TrackedImages {
  /** The same items, in the same order, to hand to `evaluatePredictions`. */
  items: AsyncIterable<EvaluationItem>;
  /** One entry per item that has passed through `items`, filled as they pass. */
  images: ImageScore[];
}

/**
 * Passes evaluation items through unchanged while keeping, per image, what an evaluation report
 * needs to pick its Figure 6 panels and draw the PR curve: the id, the image's semantic IoU,
 * whether it is edited and its detection score. Memory stays bounded by the number of images
 * (a few numbers each); the panels' pixels are read again at the end, for those few images only.
 * @example
 * const tracked = trackImages({ items: items() });
 * const report = await evaluatePredictions({ items: tracked.items });
 * await writeEvaluationReport({ report, images: tracked.images, out: 'report' });
 */
export function trackImages(params: { items: AsyncIterable<EvaluationItem> | Iterable<EvaluationItem> }): TrackedImages {
  checkParams('trackImages', params, ['items']);
  const images: ImageScore[] = [];
  async function* items(): AsyncGenerator<EvaluationItem> {
    for await (const item of params.items) {
      const { record, gt, pred, score } = item;
      // A mis-sized prediction is left for evaluatePredictions to name; it is not ranked here.
      const iou = gt.length === pred.length ? imageIou({ gt, pred }) : null;
      images.push({ id: record.id, iou, edited: isEdited(record.num_turns, gt), ...(score !== undefined && { score }) });
      yield item;
    }
  }
  return { items: items(), images };
}

function isEdited(numTurns: number | null, gt: Uint8Array): boolean {
  if (numTurns !== null) return numTurns > 0;
  for (let i = 0; i < gt.length; i++) if (gt[i] >= 1 && gt[i] < NUM_CLASSES) return true;
  return false;
}
