import { barChart } from '../charts/bar-chart.js';
import type { Chart } from '../charts/chart.js';
import { composeFigure } from '../charts/compose-figure.js';
import { donutChart } from '../charts/donut-chart.js';
import { formatNumber } from '../charts/format-number.js';
import { histogramChart } from '../charts/histogram-chart.js';
import { messageChart } from '../charts/message-chart.js';
import { GENERATORS, LABELS } from '../schema/labels.js';
import type { DatasetStatistics, StatisticsPanel } from './dataset-statistics.js';
import { checkParams } from '../internal/check-params.js';

/** Colours of the figure: generators as in the overlays (the label table); the rest neutral. */
const NEUTRAL = ['#4c72b0', '#dd8452'];
const ROUND_COLORS = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'];
const UNEDITED = '#bdbdbd';
const ROUND_OPACITY = [1, 0.62, 0.32];
const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const GENERATOR_COLORS = GENERATORS.map((_, i) => hex(LABELS[i + 1].color));

/**
 * The paper's Figure 3 drawn from {@link datasetStatistics}: one SVG with five labelled panels —
 * (a) edited-object categories (top N and "other"), (b) the mask-area-ratio histogram (each edit,
 * and the union per edited image), (c) edits per generator and round as grouped bars in the
 * generators' overlay colours (shade = round), (d) images by number of rounds with unedited
 * negatives, the 1 : 4 : 5-style ratio in the centre, (e) real vs generated base images. A panel
 * the layout cannot give says so in place, and the notes under the figure say what is partial.
 * Every bar and slice carries its exact count (`data-value`, and a tooltip in a browser).
 * @example
 * const svg = statisticsFigure({ statistics: await datasetStatistics({ source: 'samples' }) });
 */
export function statisticsFigure(params: { statistics: DatasetStatistics }): string {
  checkParams('statisticsFigure', params, ['statistics']);
  const { statistics: s } = params;
  const unavailable = (panel: StatisticsPanel) => (size: { width: number; height: number }) =>
    messageChart({ ...size, lines: ["Not available for this dataset's layout", s.coverage[panel].reason ?? ''] });

  const categories = (size: { width: number; height: number }): Chart => {
    const c = s.categories!;
    const bars = c.top.map((t) => ({ label: t.category, value: t.edits }));
    if (c.other.edits > 0) bars.push({ label: `other (${formatNumber({ value: c.other.categories })})`, value: c.other.edits });
    if (c.uncategorized > 0) bars.push({ label: '(no category)', value: c.uncategorized });
    return barChart({ ...size, categories: bars.map((b) => b.label), series: [{ name: 'edits', values: bars.map((b) => b.value), color: NEUTRAL[0] }], yTitle: 'edits', valueLabels: true });
  };

  const areas = (size: { width: number; height: number }): Chart => {
    const a = s.areaRatio;
    const series = [
      ...(a.perEdit ? [{ name: 'each edit', counts: a.perEdit, color: NEUTRAL[0] }] : []),
      ...(a.perRegion ? [{ name: "each generator's region (mask)", counts: a.perRegion, color: NEUTRAL[0] }] : []),
      { name: 'union per edited image', counts: a.perImage, color: NEUTRAL[1] },
    ];
    return histogramChart({
      ...size,
      edges: a.edges,
      series,
      xTicks: [0, 0.25, 0.5, 0.75, 1],
      formatX: (value) => formatNumber({ value, percent: true }),
      xTitle: 'mask area / image area (bins of 5 %)',
      yTitle: 'count',
    });
  };

  const edits = (size: { width: number; height: number }): Chart => {
    const e = s.edits;
    if (s.annotated === 0) {
      return barChart({ ...size, categories: GENERATORS, series: [{ name: 'images', values: GENERATORS.map((g) => e.imagesWithGenerator[g]), color: GENERATOR_COLORS }], yTitle: 'images', valueLabels: true });
    }
    const rounds = Array.from({ length: e.rounds }, (_, r) => r);
    const opacity = (r: number) => ROUND_OPACITY[r] ?? ROUND_OPACITY[ROUND_OPACITY.length - 1] / (r - 1);
    return barChart({
      ...size,
      categories: GENERATORS,
      series: rounds.map((r) => ({ name: `round ${r + 1}`, values: GENERATORS.map((g) => e.byRound[g][r]), color: GENERATOR_COLORS, opacity: opacity(r) })),
      legend: rounds.map((r) => ({ label: `round ${r + 1}`, color: '#555555', opacity: opacity(r) })),
      yTitle: 'edits',
    });
  };

  const rounds = (size: { width: number; height: number }): Chart => {
    const d = s.rounds!;
    const counts = Object.keys(d.byNumTurns).map(Number).filter((n) => n > 0).sort((a, b) => a - b);
    for (const n of [1, 2, 3]) if (!counts.includes(n)) counts.push(n);
    counts.sort((a, b) => a - b);
    const slices = counts.map((n, i) => ({ label: `${n} round${n === 1 ? '' : 's'}`, value: d.byNumTurns[n] ?? 0, color: ROUND_COLORS[Math.min(i, ROUND_COLORS.length - 1)] }));
    slices.push({ label: 'unedited (negatives)', value: d.negatives, color: UNEDITED });
    const ratio = d.ratio ? d.ratio.map((x) => formatNumber({ value: x, digits: x === Math.round(x) ? 0 : 1 })).join(' : ') : '–';
    return donutChart({ ...size, slices, center: [ratio, '1 : 2 : 3 rounds'] });
  };

  const bases = (size: { width: number; height: number }): Chart => {
    const b = s.baseImages!;
    return donutChart({ ...size, slices: [{ label: 'real (COCO)', value: b.real, color: NEUTRAL[0] }, { label: 'generated', value: b.generated, color: NEUTRAL[1] }] });
  };

  const splits = s.splits.map((x) => `${x.name} ${formatNumber({ value: x.records })}`).join(', ');
  const notes = [
    `${s.title ?? s.source}: ${formatNumber({ value: s.records })} images (${splits})${s.maskOnly ? `, ${formatNumber({ value: s.maskOnly })} of them mask-only` : ''}. ` +
      'Areas are mask pixels / image pixels in fixed bins of 5 %; the union per image counts every pixel any edit changed (unedited images left out).',
    ...(['a', 'b', 'c', 'd', 'e'] as const).filter((p) => s.coverage[p].status === 'partial').map((p) => `(${p}) partial: ${s.coverage[p].reason}.`),
  ];
  const has = (panel: StatisticsPanel) => s.coverage[panel].status !== 'unavailable';
  return composeFigure({
    title: `Dataset statistics — ${s.title ?? s.source}`,
    description: `Figure 3 of the DiffSeg30k paper for ${s.source}: (a) edited-object categories, (b) mask area ratio, (c) edits per generator and round, (d) images by number of rounds, (e) real vs generated base images.`,
    columns: 2,
    notes,
    panels: [
      { title: s.categories ? `Edited-object categories (top ${s.categories.top.length} and other)` : "Edited-object categories", span: 2, draw: has('a') ? categories : unavailable('a') },
      { title: 'Mask area ratio', draw: areas },
      { title: s.annotated ? 'Edits per generator and round' : 'Images per generator (rounds unknown)', draw: edits },
      { title: 'Images by number of rounds', draw: has('d') ? rounds : unavailable('d') },
      { title: 'Base images: real vs generated', draw: has('e') ? bases : unavailable('e') },
    ],
  });
}
