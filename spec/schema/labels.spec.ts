import { describe, expect, it } from 'vitest';
import { GENERATORS, LABELS, NUM_CLASSES } from '../../src/index.js';
import { IGNORE_INDEX, canonicalSplit, generatorOfLabel, isGenerator, labelOfGenerator } from '../../src/format/index.js';

describe('label table', () => {
  it('is the table of docs/format.md', () => {
    expect(LABELS.map((l) => [l.id, l.name])).toEqual([
      [0, 'background'], [1, 'sd2'], [2, 'sd3.5'], [3, 'sdxl'], [4, 'flux.1'],
      [5, 'glide'], [6, 'kolors'], [7, 'hunyuandit-1.1'], [8, 'kandinsky-2.2'],
    ]);
    expect(NUM_CLASSES).toBe(9);
    expect(IGNORE_INDEX).toBe(255);
  });

  it('maps generators to labels and back', () => {
    GENERATORS.forEach((g, i) => {
      expect(labelOfGenerator(g)).toBe(i + 1);
      expect(generatorOfLabel(i + 1)).toBe(g);
    });
    expect(generatorOfLabel(0)).toBeUndefined();
    expect(generatorOfLabel(255)).toBeUndefined();
    expect(isGenerator('flux.1')).toBe(true);
    expect(isGenerator('dall-e')).toBe(false);
  });

  it('gives every label a distinct colour', () => {
    expect(new Set(LABELS.map((l) => l.color.join(','))).size).toBe(LABELS.length);
  });

  it("accepts 'val' as an alias of 'validation'", () => {
    expect(canonicalSplit('val')).toBe('validation');
    expect(canonicalSplit('train')).toBe('train');
  });
});
