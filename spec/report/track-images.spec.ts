import { describe, expect, it } from 'vitest';
import type { EvaluationItem } from '../../src/metrics/evaluate-predictions.js';
import { trackImages } from '../../src/report/track-images.js';

const record = (id: string, numTurns: number | null) => ({ id, num_turns: numTurns, turns: numTurns === null ? null : [], base_type: 'real', width: 2, height: 1, generators: [] }) as unknown as EvaluationItem['record'];

describe('trackImages', () => {
  it('passes the items through unchanged, in order, keeping only ids and numbers', async () => {
    const items: EvaluationItem[] = [
      { record: record('a', 1), gt: Uint8Array.of(1, 0), pred: Uint8Array.of(1, 1), score: 0.9 },
      { record: record('b', 0), gt: Uint8Array.of(0, 0), pred: Uint8Array.of(0, 0), score: 0.1 },
      // Mask-only: whether it is edited comes from its label map.
      { record: record('c', null), gt: Uint8Array.of(0, 4), pred: Uint8Array.of(0, 4) },
    ];
    const tracked = trackImages({ items });
    const seen: EvaluationItem[] = [];
    for await (const item of tracked.items) seen.push(item);
    expect(seen).toEqual(items);
    expect(seen[0]).toBe(items[0]);
    expect(tracked.images).toEqual([
      { id: 'a', iou: 0.5, edited: true, score: 0.9 },
      { id: 'b', iou: null, edited: false, score: 0.1 },
      { id: 'c', iou: 1, edited: true },
    ]);
  });

  it('leaves a mis-sized prediction unranked, for evaluatePredictions to name', async () => {
    const tracked = trackImages({ items: [{ record: record('a', 1), gt: Uint8Array.of(1, 0), pred: Uint8Array.of(1) }] });
    for await (const _ of tracked.items);
    expect(tracked.images[0].iou).toBeNull();
  });
});
