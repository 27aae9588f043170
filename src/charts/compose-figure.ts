import { ArgumentError } from '../errors.js';
import { type Chart, FONT_FAMILY, STYLE, px } from './chart.js';
import { escapeXml } from './escape-xml.js';
import { wrapText } from './wrap-text.js';

/** One panel of a figure: its title and how to draw its chart at the size it is given. */
export interface FigurePanel {
  /** Panel title, printed after its letter: "(a) Edited-object categories". */
  title: string;
  /** Columns the panel spans. @default 1 */
  span?: number;
  /** `id` of the panel's group in the SVG. @default `panel-a`, `panel-b`, … */
  id?: string;
  /** Draws the chart in the space left under the title. */
  draw(size: { width: number; height: number }): Chart;
}

const MARGIN = 14;
const GAP = 22;

/**
 * A standalone SVG document of labelled panels — (a), (b), … in reading order — on a grid of
 * `columns`, with an optional title above and notes below (wrapped). Fonts, sizes and colours are
 * set once on the root; every panel is a `<g id="panel-a">` so it can be found again. The result
 * is plain text: open it in a browser, put it in a paper, or turn it into a PNG with
 * {@link rasterizeSvg}.
 * @param params.width - total width in pixels. @default 960
 * @param params.rowHeight - height of each row of panels, title included. @default 300
 * @throws {ArgumentError} for a span wider than the grid or a grid without columns.
 * @example
 * const svg = composeFigure({ title: 'Statistics', columns: 2, panels: [{ title: 'Counts', draw: (size) => barChart({ ...size, categories, series }) }] });
 */
export function composeFigure(params: {
  panels: readonly FigurePanel[];
  columns: number;
  width?: number;
  rowHeight?: number;
  title?: string;
  notes?: readonly string[];
  description?: string;
}): string {
  const { panels, columns } = params;
  const width = params.width ?? 960;
  const rowHeight = params.rowHeight ?? 300;
  if (!Number.isInteger(columns) || columns < 1) throw new ArgumentError({ message: `composeFigure: columns must be a positive integer, got ${columns}` });
  const cellWidth = (width - 2 * MARGIN - (columns - 1) * GAP) / columns;
  const titleHeight = params.title ? STYLE.titleFontSize + 14 : 0;
  const parts: string[] = [];
  if (params.title) parts.push(`<text x="${MARGIN}" y="${MARGIN + STYLE.titleFontSize}" font-size="${STYLE.titleFontSize + 2}" font-weight="bold" fill="${STYLE.text}">${escapeXml(params.title)}</text>`);

  let column = 0;
  let row = 0;
  panels.forEach((panel, i) => {
    const span = panel.span ?? 1;
    if (!Number.isInteger(span) || span < 1 || span > columns) {
      throw new ArgumentError({ message: `composeFigure: panel ${i} (${panel.title}) spans ${span} columns of ${columns}` });
    }
    if (column + span > columns) {
      column = 0;
      row++;
    }
    const x = MARGIN + column * (cellWidth + GAP);
    const y = MARGIN + titleHeight + row * (rowHeight + GAP);
    const panelWidth = span * cellWidth + (span - 1) * GAP;
    const letter = String.fromCharCode(97 + i);
    const headerHeight = STYLE.titleFontSize + 10;
    const chart = panel.draw({ width: Math.floor(panelWidth), height: Math.floor(rowHeight - headerHeight) });
    parts.push(
      `<g id="${escapeXml(panel.id ?? `panel-${letter}`)}" transform="translate(${px(x)} ${px(y)})">` +
        `<text x="0" y="${STYLE.titleFontSize}" font-size="${STYLE.titleFontSize}" fill="${STYLE.text}"><tspan font-weight="bold">(${letter})</tspan> ${escapeXml(panel.title)}</text>` +
        `<g transform="translate(0 ${headerHeight})">${chart.svg}</g></g>`,
    );
    column += span;
  });

  const gridBottom = MARGIN + titleHeight + (panels.length ? (row + 1) * rowHeight + row * GAP : 0);
  const noteLines = (params.notes ?? []).flatMap((note) => wrapText({ text: note, maxWidth: width - 2 * MARGIN, fontSize: STYLE.smallFontSize }));
  const line = STYLE.smallFontSize + 4;
  noteLines.forEach((text, i) => {
    parts.push(`<text class="note" x="${MARGIN}" y="${px(gridBottom + 12 + i * line + STYLE.smallFontSize)}" font-size="${STYLE.smallFontSize}" fill="${STYLE.muted}">${escapeXml(text)}</text>`);
  });
  const height = Math.ceil(gridBottom + (noteLines.length ? 12 + noteLines.length * line : 0) + MARGIN);
  const description = params.description ?? params.title;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">` +
    (params.title ? `<title>${escapeXml(params.title)}</title>` : '') +
    (description ? `<desc>${escapeXml(description)}</desc>` : '') +
    `<rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>\n`
  );
}
