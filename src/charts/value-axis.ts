import { STYLE, px } from './chart.js';
import { escapeXml } from './escape-xml.js';
import { formatNumber } from './format-number.js';
import { niceTicks } from './nice-ticks.js';
import { textWidth } from './text-width.js';

/** A vertical count axis: its ticks, the left margin its labels need, and how to draw it. */
export interface ValueAxis {
  /** Tick values, from 0 to the top of the axis. */
  ticks: number[];
  /** Pixels left of the plot that the tick labels (and the axis title) take. */
  margin: number;
  /** Elements of the gridlines, tick labels and title for a plot at (`left`, `top`) of the given size. */
  draw(plot: PlotBox): string;
  /** The y of a value in a plot box. */
  y(plot: PlotBox, value: number): number;
}

/** Where the data area of a chart is. */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The y axis of a bar chart or histogram: nice ticks from 0 (a count axis never starts elsewhere,
 * or bar heights would lie), compact labels (`15k`), light gridlines and an optional rotated title.
 * @internal
 */
export function valueAxis(params: { max: number; title?: string; ticks?: number }): ValueAxis {
  const ticks = niceTicks({ max: params.max, count: params.ticks ?? 4 });
  const top = ticks[ticks.length - 1];
  const fontSize = STYLE.smallFontSize;
  const labels = ticks.map((t) => formatNumber({ value: t, compact: true }));
  const labelWidth = Math.max(...labels.map((text) => textWidth({ text, fontSize })));
  const margin = Math.ceil(labelWidth + 6 + (params.title ? fontSize + 6 : 0));
  const y = (plot: PlotBox, value: number) => plot.top + plot.height * (1 - value / top);
  return {
    ticks,
    margin,
    y,
    draw(plot) {
      const parts = ticks.map((t, i) => {
        const ty = px(y(plot, t));
        return (
          `<line x1="${px(plot.left)}" x2="${px(plot.left + plot.width)}" y1="${ty}" y2="${ty}" stroke="${i === 0 ? STYLE.axis : STYLE.grid}" stroke-width="1"/>` +
          `<text x="${px(plot.left - 4)}" y="${px(ty + fontSize * 0.35)}" font-size="${fontSize}" text-anchor="end" fill="${STYLE.muted}">${labels[i]}</text>`
        );
      });
      if (params.title) {
        const cx = px(plot.left - margin + fontSize);
        const cy = px(plot.top + plot.height / 2);
        parts.push(`<text x="${cx}" y="${cy}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}" transform="rotate(-90 ${cx} ${cy})">${escapeXml(params.title)}</text>`);
      }
      return parts.join('');
    },
  };
}
