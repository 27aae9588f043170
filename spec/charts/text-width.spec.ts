import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { textWidth } from '../../src/charts/text-width.js';

describe('textWidth', () => {
  it('scales with the font size and tells narrow from wide letters', () => {
    expect(textWidth({ text: 'food', fontSize: 10 })).toBeCloseTo(22, 6);
    expect(textWidth({ text: 'food', fontSize: 20 })).toBeCloseTo(44, 6);
    expect(textWidth({ text: 'iiii', fontSize: 10 })).toBeLessThan(textWidth({ text: 'MMMM', fontSize: 10 }) / 2);
    expect(textWidth({ text: '', fontSize: 10 })).toBe(0);
    expect(textWidth({ text: '食物', fontSize: 10 })).toBe(20); // East Asian wide: 1 em each
  });

  it('matches what DejaVu Sans draws here within a few percent (the layout fits the text)', async () => {
    const text = 'hunyuandit-1.1 kandinsky-2.2 (no category) 14,308';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><rect width="600" height="40" fill="#fff"/><text x="0" y="28" font-size="20" font-family="DejaVu Sans">${text}</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
    let last = 0;
    let first = info.width;
    for (let x = 0; x < info.width; x++) for (let y = 0; y < info.height; y++) if (data[(y * info.width + x) * info.channels] < 128) ((last = Math.max(last, x)), (first = Math.min(first, x)));
    const inked = last - first + 1;
    const estimate = textWidth({ text, fontSize: 20 });
    // Ink is a little narrower than the advance widths (side bearings of the first and last glyph).
    expect(estimate).toBeGreaterThanOrEqual(inked);
    expect(estimate).toBeLessThan(inked * 1.05);
  });
});
