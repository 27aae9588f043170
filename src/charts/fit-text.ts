import { textWidth } from './text-width.js';

/**
 * A label cut to fit `maxWidth` pixels at `fontSize`, ending in `…` when cut (whole characters
 * only, so no surrogate pair is split). A chart shows the full text in the element's `<title>`.
 * @example fitText({ text: 'a very long category name', maxWidth: 60, fontSize: 10 }) // 'a very lo…'
 */
export function fitText(params: { text: string; maxWidth: number; fontSize: number }): string {
  const { text, maxWidth, fontSize } = params;
  if (textWidth({ text, fontSize }) <= maxWidth) return text;
  const chars = [...text];
  const ellipsis = textWidth({ text: '…', fontSize });
  let width = 0;
  let kept = 0;
  for (; kept < chars.length; kept++) {
    const w = textWidth({ text: chars[kept], fontSize });
    if (width + w + ellipsis > maxWidth) break;
    width += w;
  }
  return `${chars.slice(0, kept).join('').trimEnd()}…`;
}
