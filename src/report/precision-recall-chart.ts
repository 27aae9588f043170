import { type Chart, STYLE, px } from '../charts/chart.js';
import { escapeXml } from '../charts/escape-xml.js';
import { formatNumber } from '../charts/format-number.js';
import { checkParams } from '../internal/check-params.js';
import type { PrecisionRecallPoint } from './precision-recall-curve.js';

/**
 * A precision–recall curve drawn as the steps average precision integrates (recall on x,
 * precision on y, both 0–1), with the point of the detection threshold marked when given. Each
 * point carries its numbers (`data-recall`, `data-precision`, `data-threshold`, and a tooltip).
 * @example
 * precisionRecallChart({ width: 420, height: 320, points: precisionRecallCurve({ scores, labels }), ap: 0.93 });
 */
export function precisionRecallChart(params: { width: number; height: number; points: readonly PrecisionRecallPoint[]; ap?: number | null; threshold?: number }): Chart {
  const { width, height, points, ap, threshold } = checkParams('precisionRecallChart', params, ['width', 'height', 'points', 'ap', 'threshold']);
  const fontSize = STYLE.smallFontSize;
  const plot = { left: 40, top: 8, width: width - 52, height: height - 46 };
  const x = (recall: number) => plot.left + recall * plot.width;
  const y = (precision: number) => plot.top + (1 - precision) * plot.height;
  const parts: string[] = [];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${px(plot.left)}" x2="${px(plot.left + plot.width)}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${STYLE.grid}"/>`);
    parts.push(`<text x="${px(plot.left - 4)}" y="${px(y(t) + fontSize * 0.35)}" font-size="${fontSize}" text-anchor="end" fill="${STYLE.muted}">${t}</text>`);
    parts.push(`<text x="${px(x(t))}" y="${px(plot.top + plot.height + fontSize + 3)}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}">${t}</text>`);
  }
  parts.push(`<rect x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.width)}" height="${px(plot.height)}" fill="none" stroke="${STYLE.axis}"/>`);
  // Left to right, each point's precision holds over the recall it adds (rise, then run): the
  // area under these steps is the average precision.
  const sorted = [...points].sort((a, b) => a.recall - b.recall || b.precision - a.precision);
  let d = '';
  sorted.forEach((p, i) => {
    d += i === 0 ? `M${px(x(p.recall))} ${px(y(p.precision))}` : `V${px(y(p.precision))}H${px(x(p.recall))}`;
  });
  parts.push(`<path class="pr-curve" d="${d}" fill="none" stroke="#4c72b0" stroke-width="1.8"/>`);
  for (const p of points) {
    const name = Number.isFinite(p.threshold) ? `score ≥ ${formatNumber({ value: p.threshold })}` : 'nothing called edited';
    parts.push(
      `<circle class="pr-point" data-recall="${p.recall}" data-precision="${p.precision}" data-threshold="${Number.isFinite(p.threshold) ? p.threshold : ''}" cx="${px(x(p.recall))}" cy="${px(y(p.precision))}" r="2" fill="#4c72b0">` +
        `<title>${escapeXml(`${name}: precision ${p.precision.toFixed(3)}, recall ${p.recall.toFixed(3)}`)}</title></circle>`,
    );
  }
  if (threshold !== undefined) {
    // The package calls score > threshold a positive: the first point strictly above it.
    const at = points.filter((p) => Number.isFinite(p.threshold) && p.threshold > threshold).sort((a, b) => a.threshold - b.threshold)[0];
    if (at) parts.push(`<circle class="pr-threshold" cx="${px(x(at.recall))}" cy="${px(y(at.precision))}" r="4.5" fill="none" stroke="#dd8452" stroke-width="2"><title>${escapeXml(`threshold ${threshold}: precision ${at.precision.toFixed(3)}, recall ${at.recall.toFixed(3)}`)}</title></circle>`);
  }
  parts.push(`<text x="${px(plot.left + plot.width / 2)}" y="${px(height - 4)}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.text}">recall${ap === null || ap === undefined ? '' : ` · AP ${ap.toFixed(3)}`}</text>`);
  const ty = px(plot.top + plot.height / 2);
  parts.push(`<text x="10" y="${ty}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.text}" transform="rotate(-90 10 ${ty})">precision</text>`);
  return { width, height, svg: parts.join('') };
}
