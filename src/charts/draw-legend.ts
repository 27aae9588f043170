import { escapeXml } from './escape-xml.js';
import { fitText } from './fit-text.js';
import { STYLE, px as r, type LegendItem } from './chart.js';
import { textWidth } from './text-width.js';

const SWATCH = 10;
const GAP = 14;

/**
 * A legend laid out in rows that wrap at `maxWidth`, or one item per row with `vertical`; returns
 * its elements (drawn from `x`, `y`) and the height it takes.
 * @internal
 */
export function drawLegend(params: { items: readonly LegendItem[]; x: number; y: number; maxWidth: number; vertical?: boolean; fontSize?: number }): { svg: string; height: number } {
  const { items, x, y, maxWidth } = params;
  const fontSize = params.fontSize ?? STYLE.smallFontSize;
  const line = Math.max(SWATCH, fontSize) + 5;
  let cx = 0;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    const label = fitText({ text: item.label, maxWidth: maxWidth - SWATCH - 4, fontSize });
    const width = SWATCH + 4 + textWidth({ text: label, fontSize });
    if (cx > 0 && (params.vertical || cx + width > maxWidth)) {
      cx = 0;
      row++;
    }
    const top = y + row * line;
    const opacity = item.opacity !== undefined && item.opacity < 1 ? ` fill-opacity="${item.opacity}"` : '';
    parts.push(
      `<g class="legend-item"><title>${escapeXml(item.label)}</title>` +
        `<rect x="${r(x + cx)}" y="${r(top)}" width="${SWATCH}" height="${SWATCH}" fill="${escapeXml(item.color)}"${opacity}/>` +
        `<text x="${r(x + cx + SWATCH + 4)}" y="${r(top + SWATCH - 1)}" font-size="${fontSize}" fill="${STYLE.text}">${escapeXml(label)}</text></g>`,
    );
    cx += width + GAP;
  }
  return { svg: parts.join(''), height: items.length ? (row + 1) * line : 0 };
}
