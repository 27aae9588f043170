import { RleError } from '../errors.js';
import { checkedCounts } from '../mask/rle-counts.js';

/**
 * The area of each turn's mask and of their union, from the RLE runs alone (no mask is decoded):
 * each mask is a list of pixel intervals in the same column-major order, so the union is one sweep
 * over the intervals sorted by start. Checks each RLE against the record's size.
 * @throws {RleError} for a counts string that does not decode or does not cover height × width,
 *   its message starting with the turn (`turn 1: …`).
 * @internal
 */
export function turnAreas(params: { masks: readonly string[]; height: number; width: number }): { areas: number[]; union: number } {
  const { masks, height, width } = params;
  const starts: number[] = [];
  const ends: number[] = [];
  const areas = masks.map((counts, turn) => {
    let runs: number[];
    try {
      runs = checkedCounts({ size: [height, width], counts });
    } catch (error) {
      throw error instanceof RleError ? error.within({ turn }) : error;
    }
    let position = 0;
    let area = 0;
    for (let i = 0; i < runs.length; i++) {
      if (i % 2 === 1 && runs[i] > 0) {
        starts.push(position);
        ends.push(position + runs[i]);
        area += runs[i];
      }
      position += runs[i];
    }
    return area;
  });
  if (masks.length < 2) return { areas, union: areas[0] ?? 0 };
  const order = starts.map((_, i) => i).sort((a, b) => starts[a] - starts[b]);
  let union = 0;
  let from = -1;
  let to = -1;
  for (const i of order) {
    if (starts[i] > to) {
      union += to - from;
      from = starts[i];
      to = ends[i];
    } else if (ends[i] > to) to = ends[i];
  }
  return { areas, union: union + (to - from) };
}
