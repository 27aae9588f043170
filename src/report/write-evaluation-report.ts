import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { barChart } from '../charts/bar-chart.js';
import { type Chart, FONT_FAMILY, STYLE } from '../charts/chart.js';
import { escapeXml } from '../charts/escape-xml.js';
import { rasterizeSvg } from '../charts/rasterize-svg.js';
import { ArgumentError, OutputError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import type { EvaluationReport, EvaluationTask, GroupReport } from '../metrics/evaluate-predictions.js';
import { LABELS } from '../schema/labels.js';
import { confusionHeatmap } from './confusion-heatmap.js';
import { pickPanelImages } from './pick-panel-images.js';
import { precisionRecallChart } from './precision-recall-chart.js';
import { precisionRecallCurve } from './precision-recall-curve.js';
import { type ResultPanelImage, resultPanels } from './result-panels.js';
import type { ImageScore } from './track-images.js';

/** Parameters of {@link writeEvaluationReport}. */
export interface WriteEvaluationReportParams {
  /** What `evaluatePredictions` returned. */
  report: EvaluationReport;
  /** Folder to write into (created if missing; the report's files in it are replaced). */
  out: string;
  /** Per image id and scores, from {@link trackImages}: needed for Figure 6 and the PR curve. */
  images?: readonly ImageScore[];
  /**
   * Reads the pixels of the images Figure 6 shows (a few ids, asked for once): each id's image,
   * ground truth and prediction. Without it, or without `images`, the report has no Figure 6.
   */
  readImages?: (ids: readonly string[]) => AsyncIterable<Omit<ResultPanelImage, 'iou'>>;
  /** Images in each Figure 6 group (worst, best, random). @default 4 */
  panels?: number;
  /** Seed of Figure 6's random group. @default 0 */
  seed?: number;
  /** Title of the report. @default 'DiffSeg30k evaluation report' */
  title?: string;
  /** Lines describing the run (dataset, split, predictions), shown under the title. */
  details?: readonly string[];
  /** PNG pixels per SVG unit. @default 2 */
  scale?: number;
  /** A .ttf/.otf to draw the PNGs' text with, on a machine without fonts. */
  fontFile?: string;
}

/** The two files of one figure. */
export interface WrittenFigure {
  /** Absolute path of the SVG. */
  svg: string;
  /** Absolute path of the PNG (the SVG rasterised by sharp). */
  png: string;
}

/** What {@link writeEvaluationReport} wrote. */
export interface WrittenEvaluationReport {
  /** Absolute path of `report.html`. */
  html: string;
  /** Every figure written, by name (`figure-5`, `per-class`, …), as its SVG and PNG paths. */
  figures: Record<string, WrittenFigure>;
  /** False when this machine has no font for the PNGs' text (the SVGs and the HTML are unaffected). */
  textRendered: boolean;
}

const TASK_TITLE: Record<EvaluationTask, string> = { binary: 'Binary segmentation', semantic: 'Semantic segmentation' };
const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

/** One chart as a standalone SVG document with a title line. */
function standalone(chart: Chart, title: string): string {
  const top = STYLE.titleFontSize + 18;
  const width = chart.width + 28;
  const height = chart.height + top + 14;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">` +
    `<title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="14" y="${14 + STYLE.titleFontSize}" font-size="${STYLE.titleFontSize + 1}" font-weight="bold" fill="${STYLE.text}">${escapeXml(title)}</text>` +
    `<g transform="translate(14 ${top})">${chart.svg}</g></svg>\n`
  );
}

/** An HTML table: a header row (cells may span columns) and body rows, every cell escaped. */
function htmlTable(params: { caption: string; head: (string | [string, number])[][]; rows: string[][]; className?: string }): string {
  const head = params.head.map((row) => `<tr>${row.map((cell) => (Array.isArray(cell) ? `<th colspan="${cell[1]}">${escapeXml(cell[0])}</th>` : `<th>${escapeXml(cell)}</th>`)).join('')}</tr>`).join('');
  const body = params.rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeXml(cell)}</th>` : `<td>${escapeXml(cell)}</td>`)).join('')}</tr>`).join('');
  return `<table${params.className ? ` class="${params.className}"` : ''}><caption>${escapeXml(params.caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** The Table 2 shape: a row per group, Acc / mIoU / bF1 under each task. */
function taskTable(caption: string, rows: { name: string; group: GroupReport }[], tasks: readonly EvaluationTask[], convention: string): string {
  return htmlTable({
    caption,
    className: 'scores',
    head: [[`bF1 convention: ${convention}`, ...tasks.map((t) => [TASK_TITLE[t], 3] as [string, number])], ['', ...tasks.flatMap(() => ['Acc', 'mIoU', 'bF1'])]],
    rows: rows.map(({ name, group }) => [`${name} (${group.images} images)`, ...tasks.flatMap((t) => [fmt(group[t]?.accuracy), fmt(group[t]?.miou), fmt(group[t]?.bf1)])]),
  });
}

/**
 * Writes an evaluation as a report a researcher can open and cite from: `report.html`, one
 * self-contained page (inline SVG and styles, no script, no font or file fetched — it opens from
 * disk, and its Content-Security-Policy forbids any request), and each figure beside it as SVG
 * and PNG. The page holds the Table 2-shaped block (binary and semantic Acc, mIoU, bF1, naming the
 * bF1 convention); per-class IoU and bF1 under generator names (table and `per-class` bar chart);
 * Figure 5, the semantic confusion matrix as a heatmap normalised to the truth (`figure-5`);
 * Figure 6, image · ground truth · prediction for the worst, best and seeded-random images by
 * semantic IoU (`figure-6`, when `images` and `readImages` are given); the `by` breakdowns as
 * tables and charts (`by-num_turns`, …); and with detection scores, Acc and AP with the
 * precision–recall curve (`pr-curve`).
 * @throws {OutputError} when a file cannot be written; {@link ArgumentError} for bad options or
 *   when `readImages` does not give back an image it was asked for.
 * @example
 * ```ts
 * const tracked = trackImages({ items: items() });
 * const report = await evaluatePredictions({ items: tracked.items, by: ['num_turns'] });
 * await writeEvaluationReport({ report, out: 'report', images: tracked.images, readImages });
 * ```
 */
export async function writeEvaluationReport(params: WriteEvaluationReportParams): Promise<WrittenEvaluationReport> {
  checkParams('writeEvaluationReport', params, ['report', 'out', 'images', 'readImages', 'panels', 'seed', 'title', 'details', 'scale', 'fontFile']);
  const { report, images, readImages } = params;
  const out = resolve(params.out);
  const title = params.title ?? 'DiffSeg30k evaluation report';
  const convention = report.boundary;
  const sections: string[] = [];
  const svgs: [string, string][] = [];
  const figure = (name: string, svg: string, caption: string) => {
    svgs.push([name, svg]);
    return `<figure id="${name}">${svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeXml(caption)}" `)}<figcaption>${escapeXml(caption)} <a href="${name}.svg">SVG</a> · <a href="${name}.png">PNG</a></figcaption></figure>`;
  };

  sections.push(`<section id="table-2"><h2>Scores (the shape of the paper's Table 2)</h2>${taskTable('All images', [{ name: 'all', group: report.overall }], report.tasks, convention)}</section>`);

  const semantic = report.overall.semantic;
  if (semantic) {
    const generators = LABELS.slice(1);
    const perClass = htmlTable({
      caption: `Per generator (semantic task); bF1 convention: ${convention}`,
      head: [['class', 'IoU', 'bF1']],
      rows: [...generators.map((l) => [l.name, fmt(semantic.iou[l.id]), fmt(semantic.bf1PerClass[l.id])]), ['background', fmt(semantic.iou[0]), '—']],
    });
    const colors = generators.map((l) => hex(l.color));
    const chart = barChart({
      width: 620,
      height: 260,
      categories: generators.map((l) => l.name),
      series: [
        { name: 'IoU', values: generators.map((l) => semantic.iou[l.id] ?? 0), color: colors },
        { name: `bF1 (${convention})`, values: generators.map((l) => semantic.bf1PerClass[l.id] ?? 0), color: colors, opacity: 0.45 },
      ],
      legend: [{ label: 'IoU', color: STYLE.muted }, { label: `bF1 (${convention})`, color: STYLE.muted, opacity: 0.45 }],
      yTitle: 'score',
    });
    sections.push(`<section id="per-class"><h2>Per-class IoU and bF1</h2>${perClass}${figure('per-class', standalone(chart, 'Per-class IoU and bF1 (semantic)'), 'Per-class IoU (solid) and bF1 (light) per generator; a class with no score is drawn at 0 and shown as — in the table.')}</section>`);
    const heatmap = confusionHeatmap({ width: 560, height: 540, confusion: semantic.confusion, classNames: semantic.classNames });
    sections.push(`<section id="figure-5"><h2>Figure 5: semantic confusion matrix</h2>${figure('figure-5', standalone(heatmap, 'Figure 5: confusion matrix, semantic task (rows normalised to the truth)'), 'Rows: the true class; columns: the predicted class; each row sums to 1. Hover a cell for its pixel count.')}</section>`);
  }

  if (images && readImages && semantic) {
    const picks = pickPanelImages({ images, count: params.panels, seed: params.seed });
    const wanted = new Map([...picks.worst, ...picks.best, ...picks.random].map((i) => [i.id, i]));
    const read = new Map<string, ResultPanelImage>();
    if (wanted.size > 0) {
      for await (const item of readImages([...wanted.keys()])) if (wanted.has(item.id)) read.set(item.id, { ...item, iou: wanted.get(item.id)!.iou });
    }
    const missing = [...wanted.keys()].filter((id) => !read.has(id));
    if (missing.length > 0) throw new ArgumentError({ message: `writeEvaluationReport: readImages did not give back image${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
    const n = params.panels ?? 4;
    const group = (groupTitle: string, list: readonly ImageScore[]) => ({ title: groupTitle, images: list.map((i) => read.get(i.id)!) });
    const svg = await resultPanels({
      title: 'Figure 6: image · ground truth · prediction',
      groups: [group(`The ${n} worst by semantic IoU`, picks.worst), group(`The ${n} best by semantic IoU`, picks.best), group(`${n} at random (seed ${params.seed ?? 0})`, picks.random)],
    });
    sections.push(`<section id="figure-6"><h2>Figure 6: results</h2>${figure('figure-6', svg, 'Semantic IoU per image is the mean IoU over the generators present in its truth or prediction; unedited images predicted clean have none and are not ranked.')}</section>`);
  }

  for (const [by, groups] of Object.entries(report.groups)) {
    const rows = Object.entries(groups).map(([name, group]) => ({ name, group }));
    const series = report.tasks.map((t, k) => ({ name: `${t} mIoU`, values: rows.map((r) => r.group[t]?.miou ?? 0), color: k === 0 ? '#4c72b0' : '#dd8452' }));
    const chart = barChart({ width: 620, height: 240, categories: rows.map((r) => r.name), series, yTitle: 'mIoU', legend: series.map((s) => ({ label: s.name, color: s.color })) });
    const detection = rows.some((r) => r.group.detection)
      ? htmlTable({ caption: `Detection by ${by}`, head: [[by, 'Acc', 'AP', 'images', 'edited']], rows: rows.map(({ name, group }) => [name, fmt(group.detection?.accuracy), fmt(group.detection?.ap), String(group.detection?.images ?? 0), String(group.detection?.positives ?? 0)]) })
      : '';
    sections.push(`<section id="by-${escapeXml(by)}"><h2>By ${escapeXml(by)}</h2>${taskTable(`By ${by}`, rows, report.tasks, convention)}${detection}${figure(`by-${by}`, standalone(chart, `mIoU by ${by}`), `mIoU per ${by} group (an image in several groups counts in each).`)}</section>`);
  }

  const detection = report.overall.detection;
  if (detection) {
    const table = htmlTable({
      caption: `Image-level detection (score > ${detection.threshold} is edited)`,
      head: [['', 'Acc', 'AP', 'images', 'edited', 'TP', 'FP', 'TN', 'FN']],
      rows: [['all', fmt(detection.accuracy), fmt(detection.ap), ...[detection.images, detection.positives, detection.truePositives, detection.falsePositives, detection.trueNegatives, detection.falseNegatives].map(String)]],
    });
    const scored = (images ?? []).filter((i) => i.score !== undefined);
    let curve = '';
    if (scored.length > 0 && scored.some((i) => i.edited)) {
      const points = precisionRecallCurve({ scores: scored.map((i) => i.score!), labels: scored.map((i) => i.edited) });
      curve = figure('pr-curve', standalone(precisionRecallChart({ width: 420, height: 320, points, ap: detection.ap, threshold: detection.threshold }), 'Precision–recall curve (detection)'), `The circle marks the threshold ${detection.threshold}.`);
    }
    sections.push(`<section id="detection"><h2>Detection (the shape of the paper's Table 6)</h2>${table}${curve}</section>`);
  }

  const details = (params.details ?? []).map((d) => `<li>${escapeXml(d)}</li>`).join('');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>
body { font-family: ${FONT_FAMILY.replace(/'/g, '"')}; color: ${STYLE.text}; max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
th, td { padding: .25em .7em; border-bottom: 1px solid #ddd; text-align: right; }
th[scope=row], thead th:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: ${STYLE.muted}; font-size: .9em; }
</style></head>
<body><h1>${escapeXml(title)}</h1>
<ul class="details"><li>${report.images} images; tasks: ${report.tasks.join(', ')}; boundary F1 convention: ${convention}</li>${details}</ul>
${sections.join('\n')}
</body></html>
`;

  await mkdir(out, { recursive: true }).catch((cause: Error) => {
    throw new OutputError({ path: out, message: `cannot create the report folder: ${cause.message}`, cause });
  });
  const write = (path: string, data: string | Uint8Array) =>
    writeFile(path, data).catch((cause: Error) => {
      throw new OutputError({ path, message: `cannot write: ${cause.message}`, cause });
    });
  const figures: WrittenEvaluationReport['figures'] = {};
  let textRendered = true;
  for (const [name, svg] of svgs) {
    const raster = await rasterizeSvg({ svg, scale: params.scale, fontFile: params.fontFile });
    textRendered &&= raster.textRendered;
    figures[name] = { svg: join(out, `${name}.svg`), png: join(out, `${name}.png`) };
    await write(figures[name].svg, svg);
    await write(figures[name].png, raster.png);
  }
  const htmlPath = join(out, 'report.html');
  await write(htmlPath, html);
  return { html: htmlPath, figures, textRendered };
}
