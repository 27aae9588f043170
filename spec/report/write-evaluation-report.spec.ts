/**
 * The report is read back the way a person reads it: `diffseg30k eval --report` runs on the
 * samples with imperfect predictions, then headless Chromium parses every SVG with its strict XML
 * parser, the numbers on the figures (`data-*` attributes) are compared with evaluatePredictions
 * and SegmentationMetrics computed here on the same maps, and report.html is opened from disk:
 * no console error, no request other than the file itself, and a screenshot that is not blank.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { averagePrecision } from '../../src/metrics/average-precision.js';
import { type EvaluationItem, type EvaluationReport, evaluatePredictions } from '../../src/metrics/evaluate-predictions.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { writeEvaluationReport } from '../../src/report/write-evaluation-report.js';
import { trackImages } from '../../src/report/track-images.js';
import { GENERATORS, LABELS } from '../../src/schema/labels.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { openChromium } from '../metrics/tfjs/browser/launch.js';

interface Truth {
  record: EvaluationItem['record'];
  gt: Uint8Array;
  pred: Uint8Array;
  score: number;
}

let dir: string;
let truths: Truth[] = [];
let context: BrowserContext | undefined;
let page: Page | undefined;
let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
let setupError: unknown;
/** What evaluatePredictions gives for the same maps, computed here. */
let expected: EvaluationReport;
let cli: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-report-'));
  await mkdir(join(dir, 'pred'));
  const lines = ['id,score'];
  let i = 0;
  for await (const s of loadSplit('validation', { source: 'samples' })) {
    const gt = await s.labelMap();
    // Imperfect on purpose: every third image blames SDXL's edits on Kolors, the rest are cut
    // by a strip on the left whose width varies, so images rank apart.
    const pred = gt.map((v, k) => (v === 255 ? 0 : i % 3 === 0 && v === 3 ? 6 : k % s.width < (i % 5) * 3 ? 0 : v));
    await sharp(pred, { raw: { width: s.width, height: s.height, channels: 1 } }).png().toFile(join(dir, 'pred', `${s.id}.png`));
    const score = ((i * 37) % 10) / 10;
    lines.push(`${s.id},${score}`);
    truths.push({ record: { id: s.id, num_turns: s.num_turns, turns: s.turns, base_type: s.base_type, width: s.width, height: s.height } as EvaluationItem['record'], gt, pred, score });
    i++;
  }
  await writeFile(join(dir, 'scores.csv'), `${lines.join('\n')}\n`);
  expected = await evaluatePredictions({ items: truths.map((t) => ({ record: t.record, gt: t.gt, pred: t.pred, score: t.score })), by: ['num_turns'], detection: true });
  cli = { code: -1, stdout: '', stderr: '' };
  cli.code = await runCli(['eval', '--data', 'samples', '--pred', 'pred', '--scores', 'scores.csv', '--by', 'num_turns', '--report', 'report', '--panels', '3', '--seed', '5'], {
    stdout: (t) => (cli.stdout += t),
    stderr: (t) => (cli.stderr += t),
    isTTY: false,
    cwd: dir,
  });
  try {
    browser = await openChromium('evaluation report spec');
    ({ context, page } = browser);
  } catch (error) {
    setupError = error;
  }
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

type Attributes = Record<string, string>;
/** Parses an SVG in Chromium: the parser's error, or every element's attributes matching `selector`. */
async function parse(svg: string, selector: string): Promise<{ error: string | null; nodes: (Attributes & { text: string })[] }> {
  if (setupError) throw setupError;
  return page!.evaluate(
    ([text, sel]) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      if (error) return { error: error.textContent, nodes: [] };
      const nodes = Array.from(doc.querySelectorAll(sel)).map((e) => ({ ...Object.fromEntries(Array.from(e.attributes).map((a) => [a.name, a.value])), text: e.textContent ?? '' }));
      return { error: null, nodes };
    },
    [svg, selector] as const,
  );
}

const figure = (name: string) => readFile(join(dir, 'report', `${name}.svg`), 'utf8');

describe('eval --report (writeEvaluationReport)', () => {
  it('writes report.html and every figure as SVG and PNG', async () => {
    expect(cli.code, cli.stderr).toBe(0);
    const files = (await readdir(join(dir, 'report'))).sort();
    const figures = ['by-num_turns', 'figure-5', 'figure-6', 'per-class', 'pr-curve'];
    expect(files).toEqual([...figures.flatMap((f) => [`${f}.png`, `${f}.svg`]), 'report.html'].sort());
    for (const f of figures) {
      const svg = await figure(f);
      const meta = await sharp(join(dir, 'report', `${f}.png`)).metadata();
      const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)![1]);
      expect(meta.width, f).toBe(width * 2); // the default scale
    }
  });

  it('every SVG parses as strict XML', async () => {
    for (const f of (await readdir(join(dir, 'report'))).filter((n) => n.endsWith('.svg'))) {
      const { error } = await parse(await readFile(join(dir, 'report', f), 'utf8'), 'svg');
      expect(error, f).toBeNull();
    }
  });

  it("Figure 5 holds evaluatePredictions' confusion counts, rows normalised to the truth, generator names on both axes", async () => {
    const { error, nodes } = await parse(await figure('figure-5'), 'rect.cell');
    expect(error).toBeNull();
    const semantic = expected.overall.semantic!;
    expect(nodes).toHaveLength(81);
    for (const n of nodes) {
      const t = semantic.classNames.indexOf(n['data-truth']);
      const p = semantic.classNames.indexOf(n['data-prediction']);
      expect(Number(n['data-count'])).toBe(semantic.confusion[t][p]);
      const row = semantic.confusion[t].reduce((a, b) => a + b, 0);
      if (row === 0) expect(n['data-fraction']).toBe('');
      else expect(Number(n['data-fraction'])).toBeCloseTo(semantic.confusion[t][p] / row, 12);
      expect(n.text).toContain(`truth ${n['data-truth']} → predicted ${n['data-prediction']}: ${semantic.confusion[t][p].toLocaleString('en-US')} pixels`);
    }
    // Rows sum to one where the truth has pixels; the imperfection shows (sdxl → kolors).
    const sdxlToKolors = nodes.find((n) => n['data-truth'] === 'sdxl' && n['data-prediction'] === 'kolors')!;
    expect(Number(sdxlToKolors['data-fraction'])).toBeGreaterThan(0.1);
    const labels = await parse(await figure('figure-5'), 'text');
    for (const g of GENERATORS) expect(labels.nodes.filter((n) => n.text === g)).toHaveLength(2);
  });

  it('the per-class chart and the by-num_turns chart show the same numbers as the report', async () => {
    const semantic = expected.overall.semantic!;
    const bars = (await parse(await figure('per-class'), 'rect.bar')).nodes;
    for (const [i, g] of GENERATORS.entries()) {
      const of = (series: string) => Number(bars.find((b) => b['data-category'] === g && b['data-series'].startsWith(series))!['data-value']);
      expect(of('IoU')).toBe(semantic.iou[i + 1] ?? 0);
      expect(of('bF1')).toBe(semantic.bf1PerClass[i + 1] ?? 0);
      expect(bars.find((b) => b['data-category'] === g)!.fill).toBe(`#${LABELS[i + 1].color.map((c) => c.toString(16).padStart(2, '0')).join('')}`);
    }
    const byTurns = (await parse(await figure('by-num_turns'), 'rect.bar')).nodes;
    for (const [name, group] of Object.entries(expected.groups.num_turns!)) {
      expect(Number(byTurns.find((b) => b['data-category'] === name && b['data-series'] === 'semantic mIoU')!['data-value'])).toBe(group.semantic!.miou ?? 0);
      expect(Number(byTurns.find((b) => b['data-category'] === name && b['data-series'] === 'binary mIoU')!['data-value'])).toBe(group.binary!.miou ?? 0);
    }
  });

  it("the PR curve's steps integrate to the detection AP", async () => {
    const points = (await parse(await figure('pr-curve'), 'circle.pr-point')).nodes.map((n) => ({ recall: Number(n['data-recall']), precision: Number(n['data-precision']) }));
    points.sort((a, b) => a.recall - b.recall);
    let area = 0;
    for (let k = 1; k < points.length; k++) area += (points[k].recall - points[k - 1].recall) * points[k].precision;
    const ap = averagePrecision({ scores: truths.map((t) => t.score), labels: truths.map((t) => t.record.num_turns! > 0) });
    expect(area).toBeCloseTo(ap!, 12);
    expect(ap).toBeCloseTo(expected.overall.detection!.ap!, 12);
  });

  it('Figure 6 shows the worst and best images by the semantic IoU SegmentationMetrics gives each image, and a seeded random group', async () => {
    const { nodes } = await parse(await figure('figure-6'), 'g.result');
    const iouOf = (t: Truth) => {
      const m = new SegmentationMetrics({ numClasses: 9 });
      m.update({ gt: t.gt, pred: t.pred, width: t.record.width, height: t.record.height });
      return m.compute().miou;
    };
    const ranked = truths.map((t) => ({ id: t.record.id, iou: iouOf(t) })).filter((t) => t.iou !== null) as { id: string; iou: number }[];
    ranked.sort((a, b) => a.iou - b.iou || (a.id < b.id ? -1 : 1));
    const group = (g: number) => nodes.filter((n) => n['data-group'] === String(g));
    expect(group(0).map((n) => n['data-id'])).toEqual(ranked.slice(0, 3).map((r) => r.id));
    expect(group(1).map((n) => n['data-id'])).toEqual(ranked.slice(-3).reverse().map((r) => r.id));
    for (const n of [...group(0), ...group(1)]) expect(Number(n['data-iou'])).toBeCloseTo(ranked.find((r) => r.id === n['data-id'])!.iou, 12);
    const random = group(2).map((n) => n['data-id']);
    expect(random).toHaveLength(3);
    expect(new Set([...random, ...group(0).map((n) => n['data-id']), ...group(1).map((n) => n['data-id'])]).size).toBe(9);
    // Each result is three embedded pictures, nothing fetched.
    const images = (await parse(await figure('figure-6'), 'image')).nodes;
    expect(images).toHaveLength(27);
    for (const im of images) expect(im.href).toMatch(/^data:image\/png;base64,/);
  });

  it('opens from disk in Chromium: no console error, no request but the file, a screenshot that is not blank', async () => {
    if (setupError) throw setupError;
    const html = await readFile(join(dir, 'report', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    const url = pathToFileURL(join(dir, 'report', 'report.html')).href;
    const reportPage = await context!.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    reportPage.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    reportPage.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    reportPage.on('request', (r) => requests.push(r.url()));
    try {
      await reportPage.goto(url, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
      // The Table 2 block, read from the page: the numbers of the report, named convention.
      const cells = await reportPage.$$eval('#table-2 tbody td', (tds) => tds.map((td) => td.textContent));
      const o = expected.overall;
      expect(cells).toEqual([o.binary!.accuracy, o.binary!.miou, o.binary!.bf1, o.semantic!.accuracy, o.semantic!.miou, o.semantic!.bf1].map((v) => v!.toFixed(3)));
      expect(await reportPage.textContent('#table-2 thead')).toContain('bF1 convention: bfscore');
      const perClass = await reportPage.$$eval('#per-class tbody tr', (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent)));
      expect(perClass.slice(0, 8)).toEqual(GENERATORS.map((g, i) => [g, o.semantic!.iou[i + 1]?.toFixed(3) ?? '—', o.semantic!.bf1PerClass[i + 1]?.toFixed(3) ?? '—']));
      const shot = await reportPage.screenshot({ fullPage: true });
      const { channels } = await sharp(shot).stats();
      expect(channels[0].stdev).toBeGreaterThan(10);
      expect(problems).toEqual([]);
    } finally {
      await reportPage.close();
    }
  });

  it('writes a report without Figure 6 or the PR curve when it has no per-image scores', async () => {
    const tracked = trackImages({ items: truths.map((t) => ({ record: t.record, gt: t.gt, pred: t.pred })) });
    const report = await evaluatePredictions({ items: tracked.items, tasks: ['semantic'] });
    expect(tracked.images.map((i) => i.id)).toEqual(truths.map((t) => t.record.id));
    const written = await writeEvaluationReport({ report, out: join(dir, 'plain') });
    expect(Object.keys(written.figures).sort()).toEqual(['figure-5', 'per-class']);
    await expect(writeEvaluationReport({ report, out: join(dir, 'broken'), images: tracked.images, readImages: async function* () {} })).rejects.toThrow(/readImages did not give back images/);
    await expect(writeEvaluationReport({ report, out: join(dir, 'x'), typo: 1 } as never)).rejects.toThrow(/typo/);
  });

  it('names the file it cannot write', async () => {
    const report = await evaluatePredictions({ items: truths.slice(0, 2).map((t) => ({ record: t.record, gt: t.gt, pred: t.pred })) });
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(writeEvaluationReport({ report, out: join(dir, 'a-file', 'sub') })).rejects.toMatchObject({ code: 'OUTPUT_ERROR', path: join(dir, 'a-file', 'sub') });
  });
});
