import { ArgumentError } from '../errors.js';
import { type Chart, type LegendItem, STYLE, px } from './chart.js';
import { drawLegend } from './draw-legend.js';
import { escapeXml } from './escape-xml.js';
import { fitText } from './fit-text.js';
import { formatNumber } from './format-number.js';
import { textWidth } from './text-width.js';
import { valueAxis } from './value-axis.js';

/** One series of bars: a value per category. */
export interface BarSeries {
  /** Series name (legend, tooltips). */
  name: string;
  /** One value per category, ≥ 0. */
  values: readonly number[];
  /** One colour for the series, or one per category (e.g. each generator in its own colour). */
  color: string | readonly string[];
  /** Fill opacity 0–1, to tell series of the same colours apart. @default 1 */
  opacity?: number;
}

const ROTATION = 40; // degrees, for category labels wider than their band
const MAX_ROTATED_LABEL = 96;

/**
 * A vertical bar chart; with several series, grouped bars (one group per category, one bar per
 * series). Every bar carries its exact value (`data-value`, and a `<title>` a browser shows on
 * hover), so the numbers can be read back from the SVG. Category labels too wide for their band
 * are rotated and cut with `…`; a legend is drawn for several series (or `legend` if given).
 * @param params.valueLabels - print each bar's value above it, where it fits. @default false
 * @throws {ArgumentError} when a series has not one finite value ≥ 0 per category.
 * @example
 * const chart = barChart({ width: 420, height: 240, categories: ['sd2', 'sdxl'], series: [{ name: 'edits', values: [12, 9], color: '#4c72b0' }] });
 */
export function barChart(params: {
  width: number;
  height: number;
  categories: readonly string[];
  series: readonly BarSeries[];
  yTitle?: string;
  valueLabels?: boolean;
  legend?: readonly LegendItem[];
}): Chart {
  const { width, height, categories, series } = params;
  for (const s of series) {
    if (s.values.length !== categories.length || s.values.some((v) => !Number.isFinite(v) || v < 0)) {
      throw new ArgumentError({ message: `barChart: series ${JSON.stringify(s.name)} needs one finite value ≥ 0 per category (${categories.length}), got [${s.values.join(', ')}]` });
    }
  }
  const fontSize = STYLE.smallFontSize;
  const legendItems = params.legend ?? (series.length > 1 ? series.map((s) => ({ label: s.name, color: typeof s.color === 'string' ? s.color : STYLE.muted, opacity: s.opacity })) : []);
  const legend = drawLegend({ items: legendItems, x: 0, y: 0, maxWidth: width });
  const axis = valueAxis({ max: Math.max(0, ...series.flatMap((s) => s.values)), title: params.yTitle });

  const plotWidth = width - axis.margin - 4;
  const band = categories.length ? plotWidth / categories.length : plotWidth;
  const widest = Math.max(0, ...categories.map((text) => textWidth({ text, fontSize })));
  const rotate = widest > band - 4;
  const labelSpace = rotate ? Math.min(widest, MAX_ROTATED_LABEL) * Math.sin((ROTATION * Math.PI) / 180) + fontSize * 1.6 : fontSize * 1.8;
  const top = legend.height + (legend.height ? 6 : 4) + (params.valueLabels ? fontSize + 2 : 0);
  const plot = { left: axis.margin, top, width: plotWidth, height: Math.max(10, height - top - labelSpace) };

  const parts = [axis.draw(plot)];
  const group = band * 0.8;
  const barWidth = series.length ? group / series.length : group;
  categories.forEach((category, c) => {
    const x0 = plot.left + c * band + (band - group) / 2;
    series.forEach((s, k) => {
      const value = s.values[c];
      const y = axis.y(plot, value);
      const color = typeof s.color === 'string' ? s.color : (s.color[c] ?? STYLE.muted);
      const opacity = s.opacity !== undefined && s.opacity < 1 ? ` fill-opacity="${s.opacity}"` : '';
      const name = series.length > 1 ? `${category} · ${s.name}` : category;
      parts.push(
        `<rect class="bar" data-category="${escapeXml(category)}" data-series="${escapeXml(s.name)}" data-value="${value}" x="${px(x0 + k * barWidth)}" y="${px(y)}" width="${px(Math.max(barWidth - 1, 0.5))}" height="${px(plot.top + plot.height - y)}" fill="${escapeXml(color)}"${opacity}>` +
          `<title>${escapeXml(`${name}: ${formatNumber({ value })}`)}</title></rect>`,
      );
      const label = formatNumber({ value, compact: true });
      if (params.valueLabels && textWidth({ text: label, fontSize: fontSize - 1 }) <= barWidth + 2) {
        parts.push(`<text x="${px(x0 + (k + 0.5) * barWidth)}" y="${px(y - 3)}" font-size="${fontSize - 1}" text-anchor="middle" fill="${STYLE.muted}">${label}</text>`);
      }
    });
    const cx = px(plot.left + (c + 0.5) * band);
    const ly = px(plot.top + plot.height + fontSize + 3);
    if (rotate) {
      const text = fitText({ text: category, maxWidth: MAX_ROTATED_LABEL, fontSize });
      parts.push(`<g><title>${escapeXml(category)}</title><text x="${cx}" y="${ly}" font-size="${fontSize}" text-anchor="end" fill="${STYLE.text}" transform="rotate(-${ROTATION} ${cx} ${ly})">${escapeXml(text)}</text></g>`);
    } else {
      parts.push(`<text x="${cx}" y="${ly}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.text}">${escapeXml(category)}</text>`);
    }
  });
  parts.push(legend.svg);
  return { width, height, svg: parts.join('') };
}
