import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { PAPER_RESULTS, PAPER_TABLES, type PaperMetric, type PaperTableName } from './paper-results.js';
import type { EvaluationRun } from './read-evaluation-run.js';

/** Output formats of {@link paperTable}. */
export const TABLE_FORMATS = ['md', 'latex', 'csv', 'html'] as const;
/** One of {@link TABLE_FORMATS}. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** A row as every format sees it. */
interface Row {
  paper: boolean;
  model: string;
  setting?: string;
  values: Partial<Record<PaperMetric, number | null>>;
}

const PAPER_MARK = ' (paper)';
const cell = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));
const latexEscape = (text: string) =>
  text.replace(/[\\{}&%$#_^~]/g, (c) => ({ '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '^': '\\textasciicircum{}', '~': '\\textasciitilde{}' })[c]!);
const htmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * One of the paper's result tables with the paper's published rows — marked "(paper)" — and the
 * user's runs beside them, each run one row in the table's shape: Table 2 (binary and semantic
 * Acc, mIoU, bF1 per model), Table 3 (the same per distortion), Table 4 (semantic mIoU on SDXL
 * masks only, per edit model in the validation set: runs of `eval --generators sdxl`), Table 5
 * (binary per unseen generator pair), Table 6 (detection Acc and mAP) and Table 7 (the same per unseen pair). In the
 * tables with a setting column (3, 4, 5, 7) a run's label is its setting and `model` its model.
 * Formats: `md` (a GitHub table), `latex` (a booktabs `tabular` with the paper's column groups;
 * needs `\usepackage{booktabs}`), `csv` (full precision, a `source` column) and `html` (a
 * `<table>`). A note under the table names the runs' bF1 convention.
 * @param params.model - model name of the runs' rows in Tables 3, 4, 5 and 7. @default 'ours'
 * @throws {ArgumentError} for an unknown table or format, or a run that has none of the table's
 *   numbers (e.g. Table 6 from a run without `--scores`).
 * @example
 * paperTable({ paper: 'table3', format: 'latex', runs: [await readEvaluationRun({ path: 'jpeg60.json', label: 'JPEG 60' })] });
 */
export function paperTable(params: { paper: PaperTableName; format: TableFormat; runs: readonly EvaluationRun[]; model?: string }): string {
  const { paper, format, runs } = checkParams('paperTable', params, ['paper', 'format', 'runs', 'model']);
  if (!(PAPER_TABLES as readonly string[]).includes(paper)) throw new ArgumentError({ message: `paperTable: paper must be one of ${PAPER_TABLES.join(', ')}, got '${String(paper)}'` });
  if (!(TABLE_FORMATS as readonly string[]).includes(format)) throw new ArgumentError({ message: `paperTable: format must be one of ${TABLE_FORMATS.join(', ')}, got '${String(format)}'` });
  const table = PAPER_RESULTS[paper];
  const metrics = table.groups.flatMap((g) => g.columns.map((c) => c.metric));
  for (const run of runs) {
    if (!metrics.some((m) => run.values[m] !== undefined)) {
      const needs = metrics.some((m) => m.startsWith('detection.')) ? 'detection scores (run eval with --scores)' : `the ${[...new Set(metrics.map((m) => m.split('.')[0]))].join(' and ')} task`;
      throw new ArgumentError({ message: `paperTable: run ${run.label} (${run.file}) has none of ${paper}'s numbers: it needs ${needs}` });
    }
  }
  if (table.generators) {
    const wanted = table.generators.join(', ');
    for (const run of runs) {
      if ((run.generators ?? []).join(', ') !== wanted) {
        throw new ArgumentError({ message: `paperTable: run ${run.label} (${run.file}) scored ${run.generators ? `the masks of ${run.generators.join(', ')}` : "every generator's masks"}; ${paper} reports mIoU on ${wanted} masks only: run eval with --generators ${table.generators.join(',')}` });
      }
    }
  }
  const model = params.model ?? 'ours';
  const rows: Row[] = [
    ...table.rows.map((r) => ({ paper: true, model: r.model, setting: r.setting, values: r.values })),
    ...runs.map((r) => (table.setting ? { paper: false, model, setting: r.label, values: r.values } : { paper: false, model: r.label, values: r.values })),
  ];
  const conventions = [...new Set(runs.map((r) => r.boundary))];
  const notes = [
    `Rows marked${PAPER_MARK} are the published numbers of the DiffSeg30k paper (${table.caption}); the others are your runs (${runs.map((r) => `${r.label}: ${r.file}, ${r.images} images`).join('; ') || 'none'}).`,
    ...(metrics.some((m) => m.endsWith('.bf1')) && conventions.length ? [`bF1 of your runs: the ${conventions.join(' / ')} convention (see docs/metrics.md).`] : []),
  ];
  const label = (r: Row) => `${r.model}${r.paper ? PAPER_MARK : ''}`;
  const headings = table.groups.flatMap((g) => g.columns.map((c) => (g.title ? `${g.title.split(' ')[0]} ${c.heading}` : c.heading)));

  switch (format) {
    case 'md': {
      const head = ['Model', ...(table.setting ? [table.setting] : []), ...headings];
      const lines = [
        `**${table.caption}**`,
        '',
        `| ${head.join(' | ')} |`,
        `|${head.map((_, i) => (i < (table.setting ? 2 : 1) ? ' --- ' : ' ---: ')).join('|')}|`,
        ...rows.map((r) => `| ${[label(r), ...(table.setting ? [r.setting ?? ''] : []), ...metrics.map((m) => cell(r.values[m]))].map((t) => t.replace(/\|/g, '\\|')).join(' | ')} |`),
        '',
        ...notes.map((n) => `${n}  `),
      ];
      return `${lines.join('\n').trimEnd()}\n`;
    }
    case 'csv': {
      const head = ['source', 'model', 'setting', ...metrics];
      const lines = rows.map((r) => [r.paper ? 'paper' : 'run', r.model, r.setting ?? '', ...metrics.map((m) => (r.values[m] === null || r.values[m] === undefined ? '' : String(r.values[m])))].map(csvField).join(','));
      return `${[head.join(','), ...lines].join('\n')}\n`;
    }
    case 'latex': {
      const lead = table.setting ? 2 : 1;
      const spec = `${'l'.repeat(lead)}${'c'.repeat(metrics.length)}`;
      // A line break in a file name would end the comment and leak into the table.
      const lines = [...notes.map((n) => `% ${n.replace(/[\r\n]+/g, ' ')}`), '% Needs \\usepackage{booktabs}.', `\\begin{tabular}{${spec}}`, '\\toprule'];
      if (table.groups.some((g) => g.title)) {
        let column = lead + 1;
        const rules: string[] = [];
        const cells = table.groups.map((g) => {
          rules.push(`\\cmidrule(lr){${column}-${column + g.columns.length - 1}}`);
          column += g.columns.length;
          return `\\multicolumn{${g.columns.length}}{c}{${latexEscape(g.title)}}`;
        });
        lines.push(`${' & '.repeat(lead - 1)} & ${cells.join(' & ')} \\\\`.replace(/^ /, ''), rules.join(' '));
      }
      lines.push(`${['Model', ...(table.setting ? [table.setting] : []), ...table.groups.flatMap((g) => g.columns.map((c) => c.heading))].map(latexEscape).join(' & ')} \\\\`, '\\midrule');
      const body = (r: Row) => `${[label(r), ...(table.setting ? [r.setting ?? ''] : [])].map(latexEscape).concat(metrics.map((m) => (cell(r.values[m]) === '—' ? '--' : cell(r.values[m])))).join(' & ')} \\\\`;
      lines.push(...rows.filter((r) => r.paper).map(body));
      if (runs.length) lines.push('\\midrule', ...rows.filter((r) => !r.paper).map(body));
      lines.push('\\bottomrule', '\\end{tabular}');
      return `${lines.join('\n')}\n`;
    }
    case 'html': {
      const lead = table.setting ? 2 : 1;
      const groupRow = table.groups.some((g) => g.title)
        ? `<tr><th colspan="${lead}"></th>${table.groups.map((g) => `<th colspan="${g.columns.length}">${htmlEscape(g.title)}</th>`).join('')}</tr>`
        : '';
      const headRow = `<tr><th>Model</th>${table.setting ? `<th>${htmlEscape(table.setting)}</th>` : ''}${table.groups.flatMap((g) => g.columns.map((c) => `<th>${c.heading}</th>`)).join('')}</tr>`;
      const body = rows
        .map((r) => `<tr class="${r.paper ? 'paper' : 'run'}"><th scope="row">${htmlEscape(label(r))}</th>${table.setting ? `<td>${htmlEscape(r.setting ?? '')}</td>` : ''}${metrics.map((m) => `<td>${cell(r.values[m])}</td>`).join('')}</tr>`)
        .join('\n');
      return `<table>\n<caption>${htmlEscape(table.caption)}</caption>\n<thead>${groupRow}${headRow}</thead>\n<tbody>\n${body}\n</tbody>\n<tfoot>${notes.map((n) => `<tr><td colspan="${lead + metrics.length}">${htmlEscape(n)}</td></tr>`).join('')}</tfoot>\n</table>\n`;
    }
  }
}
