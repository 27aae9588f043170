/**
 * The figure is read back the way a person's browser reads it: headless Chromium's DOMParser (a
 * strict XML parser: any ill-formedness gives a <parsererror> document) parses every SVG, and the
 * numbers on its bars and slices (`data-value`) are compared with describeDataset and with the
 * statistics. The SVG is also put in a page, where every label must take up space (text renders).
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATORS, LABELS } from '../../src/index.js';
import { samplesDirectory } from '../../src/repo/index.js';
import { describeDataset } from '../../src/stats/index.js';
import { datasetStatistics, type DatasetStatistics } from '../../src/stats/dataset-statistics.js';
import { statisticsFigure } from '../../src/stats/statistics-figure.js';
import { openChromium } from '../metrics/tfjs/browser/launch.js';

let context: BrowserContext | undefined;
let page: Page | undefined;
let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
// A browser that does not start fails every test with its reason, never skips them.
let setupError: unknown;

beforeAll(async () => {
  try {
    browser = await openChromium('statistics figure spec');
    ({ context, page } = browser);
  } catch (error) {
    setupError = error;
  }
});

afterAll(async () => {
  await browser?.close();
});

interface ParsedFigure {
  error: string | null;
  panels: Record<string, { data: Record<string, string>[]; unavailable: boolean; texts: string[] }>;
  notes: string[];
  /** Text elements drawn with no width in the page (text that does not render). */
  emptyTexts: number;
  texts: number;
}

async function parse(svg: string): Promise<ParsedFigure> {
  if (setupError) throw setupError;
  return page!.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    if (error) return { error: error.textContent, panels: {}, notes: [], emptyTexts: 0, texts: 0 };
    const panels: ParsedFigure['panels'] = {};
    for (const g of Array.from(doc.querySelectorAll('g[id^="panel-"]'))) {
      panels[g.id.slice(6)] = {
        data: Array.from(g.querySelectorAll('[data-value]')).map((e) => Object.fromEntries(Array.from(e.attributes).map((a) => [a.name, a.value]))),
        unavailable: g.querySelector('.unavailable') !== null,
        texts: Array.from(g.querySelectorAll('text')).map((t) => t.textContent ?? ''),
      };
    }
    document.body.innerHTML = '';
    const live = document.body.appendChild(document.importNode(doc.documentElement, true)) as unknown as SVGSVGElement;
    const texts = Array.from(live.querySelectorAll('text')) as SVGTextElement[];
    const emptyTexts = texts.filter((t) => (t.textContent ?? '').trim() !== '' && t.getBBox().width <= 0).length;
    return { error: null, panels, notes: Array.from(doc.querySelectorAll('text.note')).map((t) => t.textContent ?? ''), emptyTexts, texts: texts.length };
  }, svg);
}

const values = (data: Record<string, string>[], key: string) => data.map((d) => [d[key], Number(d['data-value'])]);
const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

describe('statisticsFigure, read back in Chromium', () => {
  it("parses, renders its text, and shows describeDataset's numbers on the samples", async () => {
    const stats = await datasetStatistics({ source: 'samples' });
    const svg = statisticsFigure({ statistics: stats });
    // Self-contained: nothing to fetch, no script.
    expect(svg).not.toMatch(/href|url\(|<script|<image/i);
    const figure = await parse(svg);
    expect(figure.error).toBeNull();
    expect(figure.texts).toBeGreaterThan(40);
    expect(figure.emptyTexts).toBe(0);
    expect(Object.keys(figure.panels)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const p of Object.values(figure.panels)) expect(p.unavailable).toBe(false);

    const { splits } = await describeDataset({ source: 'samples' });
    const total = (f: (s: (typeof splits)[number]) => number) => splits.reduce((n, s) => n + f(s), 0);

    // (a) the top categories with their edits.
    expect(values(figure.panels.a.data, 'data-category')).toEqual(stats.categories!.top.map((t) => [t.category, t.edits]));
    // (b) each edit and the union per image, bin by bin.
    const b = figure.panels.b.data;
    expect(b.filter((d) => d['data-series'] === 'each edit').map((d) => Number(d['data-value']))).toEqual(stats.areaRatio.perEdit);
    expect(b.filter((d) => d['data-series'] === 'union per edited image').map((d) => Number(d['data-value']))).toEqual(stats.areaRatio.perImage);
    // (c) edits per generator and round: describeDataset's byGenerator summed over the splits,
    // each bar in its generator's overlay colour.
    const c = figure.panels.c.data;
    for (const [i, g] of GENERATORS.entries()) {
      const bars = c.filter((d) => d['data-category'] === g);
      expect(bars.map((d) => [d['data-series'], Number(d['data-value'])])).toEqual([0, 1, 2].map((t) => [`round ${t + 1}`, total((s) => s.byGenerator[g][t])]));
      for (const bar of bars) expect(bar.fill).toBe(hex(LABELS[i + 1].color));
    }
    // (d) images by number of rounds, negatives last; the ratio in the hole.
    expect(values(figure.panels.d.data, 'data-label')).toEqual([
      ...[1, 2, 3].map((n) => [`${n} round${n === 1 ? '' : 's'}`, total((s) => s.byNumTurns[n] ?? 0)]),
      ['unedited (negatives)', total((s) => s.negatives)],
    ].filter(([, v]) => v !== 0));
    expect(figure.panels.d.texts).toContain(stats.rounds!.ratio!.map((x) => (Number.isInteger(x) ? String(x) : x.toFixed(1))).join(' : '));
    // (e) real vs generated.
    expect(values(figure.panels.e.data, 'data-label')).toEqual([['real (COCO)', total((s) => s.byBaseType.real ?? 0)], ['generated', total((s) => s.byBaseType.generated ?? 0)]]);
    expect(figure.notes.join(' ')).toMatch(/56 images \(train 40, validation 16\)/);
  });

  it('says in place which panels a mask-only layout cannot give, and what is partial', async () => {
    const source = join(samplesDirectory(), '..', 'authors-layout.zip');
    const stats = await datasetStatistics({ source });
    const figure = await parse(statisticsFigure({ statistics: stats }));
    expect(figure.error).toBeNull();
    expect(figure.emptyTexts).toBe(0);
    for (const p of ['a', 'd', 'e']) {
      expect(figure.panels[p].unavailable).toBe(true);
      expect(figure.panels[p].data).toEqual([]);
      expect(figure.panels[p].texts.join(' ')).toMatch(/Not available/);
    }
    expect(figure.panels.c.texts[0]).toMatch(/Images per generator \(rounds unknown\)/);
    expect(values(figure.panels.c.data, 'data-category')).toEqual(GENERATORS.map((g) => [g, stats.edits.imagesWithGenerator[g]]));
    expect(figure.panels.b.data.filter((d) => d['data-series'] === "each generator's region (mask)").map((d) => Number(d['data-value']))).toEqual(stats.areaRatio.perRegion);
    expect(figure.notes.join(' ')).toMatch(/\(b\) partial: .*\(c\) partial: /);
  });

  it('stays well-formed XML with hostile category names, and shows them as text', async () => {
    const stats = await datasetStatistics({ source: 'samples' });
    const names = ['<script>alert(1)</script>', 'fish & "chips"', 'nul\u0000byte', ']]>', "it's"];
    const hostile: DatasetStatistics = { ...stats, title: '<b>title</b> & co', categories: { ...stats.categories!, top: names.map((category, i) => ({ category, edits: 10 - i })) } };
    const figure = await parse(statisticsFigure({ statistics: hostile }));
    expect(figure.error).toBeNull();
    expect(figure.panels.a.data.map((d) => d['data-category'])).toEqual(names.map((n) => n.replace('\u0000', '\ufffd')));
    expect(figure.panels.a.texts.join('\n')).toContain('fish & "chips"');
  });
});
