import { ArgumentError } from '../errors.js';
import { type Chart, STYLE, px } from './chart.js';
import { drawLegend } from './draw-legend.js';
import { escapeXml } from './escape-xml.js';
import { formatNumber } from './format-number.js';

/** One slice of a donut. */
export interface DonutSlice {
  label: string;
  value: number;
  color: string;
}

/**
 * A donut (a pie with a hole) with a legend beside it giving each slice's count and share, and up
 * to two lines of text in the hole (e.g. a ratio). Slices start at 12 o'clock and go clockwise in
 * the order given; each carries its exact value (`data-value`, `<title>`). Empty slices are kept
 * in the legend (a zero is information) but draw nothing; all-zero data draw a grey ring.
 * @throws {ArgumentError} for a value that is not finite and ≥ 0.
 * @example
 * donutChart({ width: 300, height: 200, slices: [{ label: 'real', value: 15, color: '#4c72b0' }, { label: 'generated', value: 14, color: '#dd8452' }] });
 */
export function donutChart(params: { width: number; height: number; slices: readonly DonutSlice[]; center?: readonly string[] }): Chart {
  const { width, height, slices } = params;
  for (const s of slices) {
    if (!Number.isFinite(s.value) || s.value < 0) throw new ArgumentError({ message: `donutChart: slice ${JSON.stringify(s.label)} has value ${s.value}; values must be finite and ≥ 0` });
  }
  const total = slices.reduce((a, s) => a + s.value, 0);
  const radius = Math.max(10, Math.min(height / 2 - 8, width * 0.22));
  const inner = radius * 0.58;
  const cx = radius + 8;
  const cy = height / 2;
  const parts: string[] = [];
  if (total === 0) parts.push(ring(cx, cy, radius, inner, STYLE.grid, 'no data', 0));
  let angle = 0;
  for (const s of slices) {
    if (s.value === 0 || total === 0) continue;
    const sweep = (s.value / total) * 2 * Math.PI;
    const title = `${s.label}: ${formatNumber({ value: s.value })} (${share(s.value, total)})`;
    // One arc cannot draw a full circle: a single slice of everything is a ring.
    parts.push(sweep >= 2 * Math.PI - 1e-9 ? ring(cx, cy, radius, inner, s.color, title, s.value, s.label) : sector(cx, cy, radius, inner, angle, angle + sweep, s, title));
    angle += sweep;
  }
  (params.center ?? []).slice(0, 2).forEach((line, i, lines) => {
    const y = cy + (i - (lines.length - 1) / 2) * (STYLE.fontSize + 2) + STYLE.fontSize * 0.35;
    parts.push(`<text x="${px(cx)}" y="${px(y)}" font-size="${i === 0 ? STYLE.fontSize : STYLE.smallFontSize}" text-anchor="middle" fill="${STYLE.text}"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`);
  });
  const legendX = cx + radius + 16;
  const items = slices.map((s) => ({ label: `${s.label}  ${formatNumber({ value: s.value })} (${share(s.value, total)})`, color: s.color }));
  const legendHeight = items.length * (STYLE.smallFontSize + 6);
  parts.push(drawLegend({ items, x: legendX, y: Math.max(0, cy - legendHeight / 2), maxWidth: width - legendX, vertical: true }).svg);
  return { width, height, svg: parts.join('') };
}

function share(value: number, total: number): string {
  return total ? formatNumber({ value: value / total, percent: true, digits: 1 }) : '–';
}

function sector(cx: number, cy: number, outer: number, inner: number, from: number, to: number, slice: DonutSlice, title: string): string {
  const point = (radius: number, a: number) => `${px(cx + radius * Math.sin(a))} ${px(cy - radius * Math.cos(a))}`;
  const large = to - from > Math.PI ? 1 : 0;
  const d = `M${point(outer, from)}A${px(outer)} ${px(outer)} 0 ${large} 1 ${point(outer, to)}L${point(inner, to)}A${px(inner)} ${px(inner)} 0 ${large} 0 ${point(inner, from)}Z`;
  return `<path class="slice" data-label="${escapeXml(slice.label)}" data-value="${slice.value}" d="${d}" fill="${escapeXml(slice.color)}" stroke="#ffffff" stroke-width="1"><title>${escapeXml(title)}</title></path>`;
}

function ring(cx: number, cy: number, outer: number, inner: number, color: string, title: string, value: number, label?: string): string {
  const data = label === undefined ? '' : ` class="slice" data-label="${escapeXml(label)}" data-value="${value}"`;
  return `<circle${data} cx="${px(cx)}" cy="${px(cy)}" r="${px((outer + inner) / 2)}" fill="none" stroke="${escapeXml(color)}" stroke-width="${px(outer - inner)}"><title>${escapeXml(title)}</title></circle>`;
}
