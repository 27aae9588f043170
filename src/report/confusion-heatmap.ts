import { type Chart, STYLE, px } from '../charts/chart.js';
import { escapeXml } from '../charts/escape-xml.js';
import { fitText } from '../charts/fit-text.js';
import { formatNumber } from '../charts/format-number.js';
import { textWidth } from '../charts/text-width.js';
import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';

/** White to the blue of the charts: a cell's colour is its share of the truth row. */
function shade(fraction: number): string {
  const from = [255, 255, 255];
  const to = [8, 48, 107];
  return `rgb(${from.map((f, i) => Math.round(f + (to[i] - f) * fraction)).join(',')})`;
}

/**
 * A confusion matrix as a heatmap, as the paper's Figure 5 draws it: one row per true class, one
 * column per predicted class, each row normalised to the truth (a cell is the share of the row's
 * pixels predicted as the column, printed in the cell when it fits), class names on both axes.
 * Every cell keeps its exact pixel count and share (`data-count`, `data-fraction`, and a `<title>`
 * a browser shows on hover). A row without truth pixels is drawn empty, its share undefined.
 * @throws {ArgumentError} when the matrix is not square with one name per class, or holds a count
 *   that is not a finite number ≥ 0.
 * @example
 * confusionHeatmap({ width: 520, height: 480, confusion: report.overall.semantic.confusion, classNames: report.overall.semantic.classNames });
 */
export function confusionHeatmap(params: { width: number; height: number; confusion: readonly (readonly number[])[]; classNames: readonly string[] }): Chart {
  const { width, height, confusion, classNames } = checkParams('confusionHeatmap', params, ['width', 'height', 'confusion', 'classNames']);
  const k = classNames.length;
  if (confusion.length !== k || confusion.some((row) => row.length !== k || row.some((v) => !Number.isFinite(v) || v < 0))) {
    throw new ArgumentError({ message: `confusionHeatmap: the matrix must be ${k}×${k} finite counts ≥ 0, one row and column per class name` });
  }
  const fontSize = STYLE.smallFontSize;
  const labelWidth = Math.min(110, Math.max(...classNames.map((text) => textWidth({ text, fontSize }))) + 8);
  const left = labelWidth + fontSize + 8;
  const top = fontSize + 8;
  const bottom = labelWidth * Math.sin(Math.PI / 4) + fontSize * 2 + 10;
  const cell = Math.max(4, Math.min((width - left - 4) / k, (height - top - bottom) / k));
  const parts: string[] = [];
  const gridSize = cell * k;
  parts.push(`<text x="${px(left + gridSize / 2)}" y="${fontSize}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}">rows: truth (normalised) · columns: prediction</text>`);
  confusion.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      const fraction = total > 0 ? count / total : null;
      const x = left + p * cell;
      const y = top + t * cell;
      const share = fraction === null ? 'no truth pixels' : `${formatNumber({ value: fraction, percent: true, digits: 1 })} of ${classNames[t]}`;
      parts.push(
        `<rect class="cell" data-truth="${escapeXml(classNames[t])}" data-prediction="${escapeXml(classNames[p])}" data-count="${count}" data-fraction="${fraction ?? ''}" x="${px(x)}" y="${px(y)}" width="${px(cell)}" height="${px(cell)}" fill="${fraction === null ? '#f4f4f4' : shade(fraction)}" stroke="#ffffff" stroke-width="0.5">` +
          `<title>${escapeXml(`truth ${classNames[t]} → predicted ${classNames[p]}: ${formatNumber({ value: count })} pixels (${share})`)}</title></rect>`,
      );
      const label = fraction === null ? '' : fraction.toFixed(2).replace(/^0/, '');
      if (label && textWidth({ text: label, fontSize: fontSize - 1 }) < cell - 2 && fontSize < cell) {
        parts.push(`<text x="${px(x + cell / 2)}" y="${px(y + cell / 2 + fontSize * 0.35)}" font-size="${fontSize - 1}" text-anchor="middle" fill="${fraction! > 0.5 ? '#ffffff' : STYLE.text}" pointer-events="none">${label}</text>`);
      }
    });
    const shown = fitText({ text: classNames[t], maxWidth: labelWidth - 6, fontSize });
    parts.push(`<text x="${px(left - 4)}" y="${px(top + (t + 0.5) * cell + fontSize * 0.35)}" font-size="${fontSize}" text-anchor="end" fill="${STYLE.text}">${escapeXml(shown)}</text>`);
  });
  classNames.forEach((name, p) => {
    const cx = px(left + (p + 0.5) * cell);
    const ly = px(top + gridSize + fontSize);
    const shown = fitText({ text: name, maxWidth: labelWidth - 6, fontSize });
    parts.push(`<text x="${cx}" y="${ly}" font-size="${fontSize}" text-anchor="end" fill="${STYLE.text}" transform="rotate(-45 ${cx} ${ly})">${escapeXml(shown)}</text>`);
  });
  const ty = px(top + gridSize / 2);
  parts.push(`<text x="${fontSize}" y="${ty}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}" transform="rotate(-90 ${fontSize} ${ty})">truth</text>`);
  parts.push(`<text x="${px(left + gridSize / 2)}" y="${px(Math.min(height, top + gridSize + bottom) - 4)}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}">prediction</text>`);
  return { width, height, svg: parts.join('') };
}
