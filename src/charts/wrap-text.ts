import { fitText } from './fit-text.js';
import { textWidth } from './text-width.js';

/**
 * Text broken into lines of at most `maxWidth` pixels at `fontSize`, at spaces; a single word
 * wider than a line is cut with `…` rather than overflowing.
 * @example wrapText({ text: 'the authors layout has no turns', maxWidth: 90, fontSize: 10 })
 */
export function wrapText(params: { text: string; maxWidth: number; fontSize: number }): string[] {
  const { maxWidth, fontSize } = params;
  const lines: string[] = [];
  let current = '';
  for (const word of params.text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (!current || textWidth({ text: candidate, fontSize }) <= maxWidth) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
  }
  if (current) lines.push(current);
  return lines.map((text) => fitText({ text, maxWidth, fontSize }));
}
