import { type Chart, STYLE, px } from './chart.js';
import { escapeXml } from './escape-xml.js';
import { wrapText } from './wrap-text.js';

/**
 * A panel that says, in words, why there is no chart (e.g. "not in this layout: the authors' zip
 * release has no per-turn categories"): a dashed frame with centred text (each paragraph wrapped to the panel), so a figure
 * never shows an empty or invented plot where the data cannot give one.
 * @example messageChart({ width: 300, height: 200, lines: ['not available', 'this layout has no turns'] })
 */
export function messageChart(params: { width: number; height: number; lines: readonly string[] }): Chart {
  const { width, height } = params;
  const line = STYLE.fontSize + 5;
  // The first paragraph is the headline; the rest explain.
  const lines = params.lines.flatMap((text, p) => wrapText({ text, maxWidth: width - 16, fontSize: STYLE.fontSize }).map((shown) => ({ shown, headline: p === 0 })));
  const parts = [`<rect class="unavailable" x="1" y="1" width="${px(width - 2)}" height="${px(height - 2)}" fill="#fafafa" stroke="${STYLE.axis}" stroke-dasharray="4 3"/>`];
  lines.forEach(({ shown, headline }, i) => {
    const y = height / 2 + (i - (lines.length - 1) / 2) * line + STYLE.fontSize * 0.35;
    parts.push(`<text x="${px(width / 2)}" y="${px(y)}" font-size="${STYLE.fontSize}" text-anchor="middle" fill="${headline ? STYLE.text : STYLE.muted}"${headline ? ' font-weight="bold"' : ''}>${escapeXml(shown)}</text>`);
  });
  return { width, height, svg: parts.join('') };
}
