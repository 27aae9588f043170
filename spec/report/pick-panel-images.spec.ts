import { describe, expect, it } from 'vitest';
import { pickPanelImages } from '../../src/report/pick-panel-images.js';
import type { ImageScore } from '../../src/report/track-images.js';

const images: ImageScore[] = Array.from({ length: 30 }, (_, i) => ({ id: `img-${String(i).padStart(2, '0')}`, iou: i % 7 === 0 ? null : ((i * 13) % 30) / 30, edited: i % 7 !== 0 }));

describe('pickPanelImages', () => {
  it('takes the worst and best by IoU, ties by id, and a seeded random group from the rest', () => {
    const picks = pickPanelImages({ images, count: 4, seed: 3 });
    const ranked = images.filter((i) => i.iou !== null).sort((a, b) => a.iou! - b.iou! || a.id.localeCompare(b.id));
    expect(picks.worst).toEqual(ranked.slice(0, 4));
    expect(picks.best).toEqual(ranked.slice(-4).reverse());
    expect(picks.random).toHaveLength(4);
    const ids = [...picks.worst, ...picks.best, ...picks.random].map((i) => i.id);
    expect(new Set(ids).size).toBe(12);
    // The same seed picks the same images whatever the order of evaluation; another seed others.
    expect(pickPanelImages({ images: [...images].reverse(), count: 4, seed: 3 }).worst).toEqual(picks.worst);
    expect(pickPanelImages({ images, count: 4, seed: 3 }).random).toEqual(picks.random);
    expect(pickPanelImages({ images, count: 4, seed: 4 }).random).not.toEqual(picks.random);
  });

  it('never shows an image twice when there are few', () => {
    const few = images.slice(1, 4);
    const picks = pickPanelImages({ images: few, count: 4 });
    expect([...picks.worst, ...picks.best, ...picks.random].map((i) => i.id).sort()).toEqual(few.map((i) => i.id).sort());
    expect(pickPanelImages({ images, count: 0 })).toEqual({ worst: [], best: [], random: [] });
  });

  it('refuses a count that is not a non-negative integer', () => {
    expect(() => pickPanelImages({ images, count: -1 })).toThrow(/count must be a non-negative integer/);
    expect(() => pickPanelImages({ images, count: 1.5 })).toThrow(/count/);
  });
});
