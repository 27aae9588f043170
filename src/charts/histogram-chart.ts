import { ArgumentError } from '../errors.js';
import { type Chart, STYLE, px } from './chart.js';
import { drawLegend } from './draw-legend.js';
import { escapeXml } from './escape-xml.js';
import { formatNumber } from './format-number.js';
import { valueAxis } from './value-axis.js';

/** One distribution over the bins of a histogram. */
export interface HistogramSeries {
  name: string;
  /** One count per bin. */
  counts: readonly number[];
  color: string;
}

/**
 * A histogram over fixed bins on a linear x axis: bar widths follow the bin edges, several series
 * stand side by side inside each bin. Every bar carries its bin and exact count (`data-bin`,
 * `data-value`, `<title>`).
 * @param params.edges - n + 1 increasing bin edges for n bins.
 * @param params.xTicks - where to label the x axis. @default every edge
 * @param params.formatX - how an x value is printed. @default formatNumber
 * @throws {ArgumentError} for edges that do not increase or series without one count per bin.
 * @example
 * histogramChart({ width: 420, height: 240, edges: [0, 0.5, 1], series: [{ name: 'edits', counts: [3, 1], color: '#4c72b0' }] });
 */
export function histogramChart(params: {
  width: number;
  height: number;
  edges: readonly number[];
  series: readonly HistogramSeries[];
  xTitle?: string;
  yTitle?: string;
  xTicks?: readonly number[];
  formatX?: (value: number) => string;
}): Chart {
  const { width, height, edges, series } = params;
  const bins = edges.length - 1;
  if (bins < 1 || edges.some((e, i) => !Number.isFinite(e) || (i > 0 && e <= edges[i - 1]))) {
    throw new ArgumentError({ message: `histogramChart: edges must be at least two finite, increasing numbers, got [${edges.join(', ')}]` });
  }
  for (const s of series) {
    if (s.counts.length !== bins || s.counts.some((v) => !Number.isFinite(v) || v < 0)) {
      throw new ArgumentError({ message: `histogramChart: series ${JSON.stringify(s.name)} needs one count ≥ 0 per bin (${bins}), got [${s.counts.join(', ')}]` });
    }
  }
  const fontSize = STYLE.smallFontSize;
  const formatX = params.formatX ?? ((value: number) => formatNumber({ value }));
  const legend = drawLegend({ items: series.length > 1 ? series.map((s) => ({ label: s.name, color: s.color })) : [], x: 0, y: 0, maxWidth: width });
  const axis = valueAxis({ max: Math.max(0, ...series.flatMap((s) => s.counts)), title: params.yTitle });
  const top = legend.height + (legend.height ? 6 : 4);
  const bottom = fontSize * 1.8 + (params.xTitle ? fontSize + 4 : 0);
  const plot = { left: axis.margin, top, width: width - axis.margin - 8, height: Math.max(10, height - top - bottom) };
  const x = (value: number) => plot.left + (plot.width * (value - edges[0])) / (edges[bins] - edges[0]);

  const parts = [axis.draw(plot)];
  for (let b = 0; b < bins; b++) {
    const left = x(edges[b]);
    const binWidth = x(edges[b + 1]) - left;
    const barWidth = (binWidth * 0.92) / Math.max(series.length, 1);
    series.forEach((s, k) => {
      const value = s.counts[b];
      const y = axis.y(plot, value);
      const range = `${formatX(edges[b])}–${formatX(edges[b + 1])}`;
      parts.push(
        `<rect class="bar" data-series="${escapeXml(s.name)}" data-bin="${b}" data-value="${value}" x="${px(left + binWidth * 0.04 + k * barWidth)}" y="${px(y)}" width="${px(Math.max(barWidth - 0.5, 0.5))}" height="${px(plot.top + plot.height - y)}" fill="${escapeXml(s.color)}">` +
          `<title>${escapeXml(`${series.length > 1 ? `${s.name}, ` : ''}${range}: ${formatNumber({ value })}`)}</title></rect>`,
      );
    });
  }
  const ly = px(plot.top + plot.height + fontSize + 3);
  for (const t of params.xTicks ?? edges) {
    const tx = px(x(t));
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${px(plot.top + plot.height)}" y2="${px(plot.top + plot.height + 3)}" stroke="${STYLE.axis}"/>` +
        `<text x="${tx}" y="${ly}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.text}">${escapeXml(formatX(t))}</text>`,
    );
  }
  if (params.xTitle) {
    parts.push(`<text x="${px(plot.left + plot.width / 2)}" y="${px(height - 3)}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}">${escapeXml(params.xTitle)}</text>`);
  }
  parts.push(legend.svg);
  return { width, height, svg: parts.join('') };
}
