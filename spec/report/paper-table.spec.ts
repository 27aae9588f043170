import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePredictions } from '../../src/metrics/evaluate-predictions.js';
import { PAPER_RESULTS, PAPER_TABLES, type PaperMetric } from '../../src/report/paper-results.js';
import { paperTable } from '../../src/report/paper-table.js';
import { type EvaluationRun, readEvaluationRun } from '../../src/report/read-evaluation-run.js';
import { loadSplit } from '../../src/stream/load-split.js';

let dir: string;
let runs: EvaluationRun[];
/** The same runs scored on SDXL's masks only (`generators: ['sdxl']`), as Table 4 needs them. */
let sdxlRuns: EvaluationRun[];
const runsFor = (paper: (typeof PAPER_TABLES)[number]) => (paper === 'table4' ? sdxlRuns : runs);

/** Two runs of real eval reports on the samples: a perturbed prediction and a perfect one. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-table-'));
  runs = [];
  sdxlRuns = [];
  for (const [label, perturb] of [['JPEG 60', true], ['resize_256 & co', false]] as const) {
    const items = [];
    for await (const s of loadSplit('validation', { source: 'samples' })) {
      const gt = await s.labelMap();
      items.push({ record: s, gt, pred: perturb ? gt.map((v, k) => (v === 255 || k % 7 === 0 ? 0 : v === 3 ? 6 : v)) : gt.map((v) => (v === 255 ? 0 : v)), score: (items.length % 5) / 5 });
    }
    const report = await evaluatePredictions({ items, detection: true });
    const path = join(dir, `${label.replace(/\W/g, '')}.json`);
    await writeFile(path, JSON.stringify({ tool: 'diffseg30k eval', version: 1, ...report }));
    runs.push(await readEvaluationRun({ path, label }));
    const sdxl = await evaluatePredictions({ items, generators: ['sdxl'] });
    const sdxlPath = join(dir, `${label.replace(/\W/g, '')}-sdxl.json`);
    await writeFile(sdxlPath, JSON.stringify({ tool: 'diffseg30k eval', version: 1, ...sdxl }));
    sdxlRuns.push(await readEvaluationRun({ path: sdxlPath, label }));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const metricsOf = (paper: (typeof PAPER_TABLES)[number]) => PAPER_RESULTS[paper].groups.flatMap((g) => g.columns.map((c) => c.metric));
const shown = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

/** A LaTeX engine on PATH, or undefined (the compile test then skips and says why). */
function findLatex(): string | undefined {
  for (const engine of ['pdflatex', 'lualatex', 'xelatex', 'tectonic']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${engine}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not installed
    }
  }
  return undefined;
}
const latex = findLatex();
if (!latex) console.log('SKIPPED: compiling paperTable LaTeX: no LaTeX engine (pdflatex, lualatex, xelatex or tectonic) on PATH; the LaTeX structure and numbers are still checked');

/** The body rows of a booktabs tabular, split into cells. */
function latexRows(tex: string): string[][] {
  const body = tex.slice(tex.indexOf('\\midrule'), tex.indexOf('\\bottomrule'));
  return body.split('\n').filter((l) => l.endsWith('\\\\')).map((l) => l.slice(0, -2).split(' & ').map((c) => c.trim()));
}

describe('paperTable', () => {
  it("every table in every format: the paper's rows marked, each run's numbers equal its JSON", () => {
    for (const paper of PAPER_TABLES) {
      const runs = runsFor(paper);
      const table = PAPER_RESULTS[paper];
      const metrics = metricsOf(paper);
      const md = paperTable({ paper, format: 'md', runs });
      for (const r of table.rows) expect(md).toContain(`| ${r.model} (paper) |${r.setting ? ` ${r.setting} |` : ''} ${metrics.map((m) => shown(r.values[m])).join(' | ')} |`);
      for (const run of runs) expect(md, paper).toContain(`| ${table.setting ? `ours | ${run.label}` : run.label} | ${metrics.map((m) => shown(run.values[m])).join(' | ')} |`);

      const csv = paperTable({ paper, format: 'csv', runs }).trim().split('\n');
      expect(csv[0]).toBe(['source', 'model', 'setting', ...metrics].join(','));
      expect(csv.filter((l) => l.startsWith('paper,'))).toHaveLength(table.rows.length);
      const runLines = csv.filter((l) => l.startsWith('run,'));
      runs.forEach((run, i) => {
        // The numbers are the last fields (a label with a comma would be quoted before them).
        expect(runLines[i].split(',').slice(-metrics.length).map(Number)).toEqual(metrics.map((m) => run.values[m]));
      });

      const tex = paperTable({ paper, format: 'latex', runs, model: 'My net' });
      const columns = (table.setting ? 2 : 1) + metrics.length;
      expect(tex).toContain(`\\begin{tabular}{${table.setting ? 'll' : 'l'}${'c'.repeat(metrics.length)}}`);
      const rows = latexRows(tex);
      for (const r of rows) expect(r, paper).toHaveLength(columns);
      expect(rows.slice(0, table.rows.length).map((r) => r[0])).toEqual(table.rows.map((r) => `${r.model} (paper)`));
      rows.slice(table.rows.length).forEach((r, i) => {
        expect(r.slice(columns - metrics.length).map((c) => (c === '--' ? null : Number(c)))).toEqual(metrics.map((m) => Number(runs[i].values[m]!.toFixed(3))));
      });
      for (const group of table.groups.filter((g) => g.title)) expect(tex).toContain(`\\multicolumn{${group.columns.length}}{c}{${group.title}}`);

      const html = paperTable({ paper, format: 'html', runs });
      expect(html.match(/<tr class="paper">/g)).toHaveLength(table.rows.length);
      expect(html.match(/<tr class="run">/g)).toHaveLength(runs.length);
    }
  });

  it("Table 4 takes only runs scored on SDXL's masks alone, and says how to make one", () => {
    expect(sdxlRuns[0].generators).toEqual(['sdxl']);
    expect(sdxlRuns[0].values['semantic.miou']).not.toBe(runs[0].values['semantic.miou']);
    expect(() => paperTable({ paper: 'table4', format: 'md', runs: [runs[0]] })).toThrow(/run JPEG 60 \(.*\) scored every generator's masks; table4 reports mIoU on sdxl masks only: run eval with --generators sdxl/);
    expect(paperTable({ paper: 'table4', format: 'md', runs: sdxlRuns })).toContain('| Model | Edit model (in val) | mIoU (SDXL) |');
  });

  it('escapes labels for each format, and names the bF1 convention', () => {
    const tex = paperTable({ paper: 'table3', format: 'latex', runs });
    expect(tex).toContain('ours & resize\\_256 \\& co & ');
    expect(tex).toMatch(/% bF1 of your runs: the bfscore convention/);
    expect(paperTable({ paper: 'table2', format: 'html', runs })).toContain('resize_256 &amp; co');
    expect(paperTable({ paper: 'table6', format: 'md', runs })).not.toMatch(/bF1/);
  });

  it.skipIf(!latex)('the LaTeX compiles with booktabs', async () => {
    for (const paper of PAPER_TABLES) {
      const doc = `\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage[utf8]{inputenc}\n\\begin{document}\n${paperTable({ paper, format: 'latex', runs })}\\end{document}\n`;
      await writeFile(join(dir, `${paper}.tex`), doc);
      const args = latex!.endsWith('tectonic') ? [`${paper}.tex`] : ['-interaction=nonstopmode', '-halt-on-error', `${paper}.tex`];
      await expect(promisify(execFile)(latex!, args, { cwd: dir, timeout: 120_000 }), paper).resolves.toBeDefined();
    }
  });

  it('refuses an unknown table or format, and a run without the numbers of the table', () => {
    expect(() => paperTable({ paper: 'table8' as never, format: 'md', runs })).toThrow(/paper must be one of table2, table3, table4, table5, table6, table7/);
    expect(() => paperTable({ paper: 'table2', format: 'docx' as never, runs })).toThrow(/format must be one of md, latex, csv, html/);
    const noDetection = { ...runs[0], values: { ...runs[0].values, 'detection.accuracy': undefined, 'detection.ap': undefined } as Partial<Record<PaperMetric, number>> };
    delete noDetection.values['detection.accuracy'];
    delete noDetection.values['detection.ap'];
    expect(() => paperTable({ paper: 'table6', format: 'md', runs: [noDetection] })).toThrow(/run JPEG 60 .* has none of table6's numbers: it needs detection scores \(run eval with --scores\)/);
  });
});
