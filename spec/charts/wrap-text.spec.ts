import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/charts/text-width.js';
import { wrapText } from '../../src/charts/wrap-text.js';

describe('wrapText', () => {
  it('breaks at spaces into lines that fit, keeping every word in order', () => {
    const text = "this layout has only an image and a mask per record (as the authors' zip release)";
    const lines = wrapText({ text, maxWidth: 120, fontSize: 10 });
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth({ text: line, fontSize: 10 })).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe(text);
  });

  it('cuts a single word wider than the line, and gives nothing for blank text', () => {
    const [line] = wrapText({ text: 'supercalifragilisticexpialidocious', maxWidth: 50, fontSize: 10 });
    expect(line.endsWith('…')).toBe(true);
    expect(wrapText({ text: '   ', maxWidth: 50, fontSize: 10 })).toEqual([]);
  });
});
