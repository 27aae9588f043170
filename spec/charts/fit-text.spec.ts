import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/charts/fit-text.js';
import { textWidth } from '../../src/charts/text-width.js';

describe('fitText', () => {
  it('keeps text that fits and cuts the rest, ellipsis included, within the width', () => {
    expect(fitText({ text: 'food', maxWidth: 100, fontSize: 10 })).toBe('food');
    const cut = fitText({ text: 'a very long category name indeed', maxWidth: 60, fontSize: 10 });
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth({ text: cut, fontSize: 10 })).toBeLessThanOrEqual(60);
    expect('a very long category name indeed'.startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = fitText({ text: '🍕🍕🍕🍕🍕🍕🍕🍕', maxWidth: 30, fontSize: 10 });
    expect(cut).toMatch(/^(🍕)+…$/u);
  });
});
