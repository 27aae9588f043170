import { formatNumber } from '../charts/format-number.js';
import { GENERATORS } from '../schema/labels.js';
import type { DatasetStatistics } from './dataset-statistics.js';
import { checkParams } from '../internal/check-params.js';

/**
 * The numbers of {@link statisticsFigure} as Markdown tables (GitHub-flavoured), panel by panel,
 * with what the layout could not give: the `stats.md` that `diffseg30k stats` writes, for a
 * README, a paper's appendix or a diff between two datasets.
 * @example
 * console.log(statisticsMarkdown({ statistics: await datasetStatistics({ source: 'samples' }) }));
 */
export function statisticsMarkdown(params: { statistics: DatasetStatistics }): string {
  checkParams('statisticsMarkdown', params, ['statistics']);
  const { statistics: s } = params;
  const n = (value: number) => formatNumber({ value });
  const pct = (value: number, total: number) => (total ? formatNumber({ value: value / total, percent: true, digits: 1 }) : '–');
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  // Columns of numbers (counts, shares) are right-aligned, text left.
  const numeric = (c: string | number) => typeof c === 'number' || /^(\d[\d.,]*%?|–)$/.test(c);
  const table = (header: string[], rows: (string | number)[][]) =>
    [
      `| ${header.map(cell).join(' | ')} |`,
      `|${header.map((_, i) => (i > 0 && rows.every((r) => numeric(r[i])) ? ' ---: ' : ' --- ')).join('|')}|`,
      ...rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? n(c) : cell(c))).join(' | ')} |`),
    ].join('\n');
  const out: string[] = [];
  out.push(`# Dataset statistics — ${cell(s.title ?? s.source)}`, '');
  out.push(`Source \`${cell(s.source)}\`: ${n(s.records)} images (${s.splits.map((x) => `${x.name} ${n(x.records)}`).join(', ')}); ${n(s.annotated)} with turn metadata, ${n(s.maskOnly)} mask-only.`, '');
  out.push(table(['panel', 'status', 'why'], (['a', 'b', 'c', 'd', 'e'] as const).map((p) => [`(${p})`, s.coverage[p].status, s.coverage[p].reason ?? ''])), '');

  out.push('## (a) Edited-object categories', '');
  if (s.categories) {
    const c = s.categories;
    const rows: (string | number)[][] = c.top.map((t) => [t.category, t.edits, pct(t.edits, c.edits)]);
    if (c.other.edits) rows.push([`other (${n(c.other.categories)} categories)`, c.other.edits, pct(c.other.edits, c.edits)]);
    if (c.uncategorized) rows.push(['(no category)', c.uncategorized, pct(c.uncategorized, c.edits)]);
    rows.push(['**all edits**', c.edits, pct(c.edits, c.edits)]);
    out.push(table(['category', 'edits', 'share'], rows), '');
  } else out.push('Not available: ' + (s.coverage.a.reason ?? ''), '');

  out.push('## (b) Mask area ratio', '', 'Mask pixels / image pixels, in fixed bins of 5 % (the last bin includes 100 %). The union per image counts every pixel any edit changed; unedited images are left out.', '');
  const a = s.areaRatio;
  const columns = [
    ...(a.perEdit ? [['each edit', a.perEdit] as const] : []),
    ...(a.perRegion ? [["each generator's region", a.perRegion] as const] : []),
    ['union per edited image', a.perImage] as const,
  ];
  const bin = (i: number) => `${formatNumber({ value: a.edges[i], percent: true })}–${formatNumber({ value: a.edges[i + 1], percent: true })}`;
  out.push(table(['area ratio', ...columns.map(([name]) => name)], a.perImage.map((_, i) => [bin(i), ...columns.map(([, counts]) => counts[i])])), '');
  const mean = (value: number | null) => (value === null ? '–' : formatNumber({ value, percent: true, digits: 1 }));
  out.push(`Mean ratio: ${a.perEdit ? `each edit ${mean(a.mean.edit)}, ` : ''}${a.perRegion ? `each region ${mean(a.mean.region)}, ` : ''}union per edited image ${mean(a.mean.image)}.${a.emptyEdits ? ` Edits with an empty mask (in no bin): ${n(a.emptyEdits)}.` : ''}`, '');
  out.push(`By generator (${a.perEdit ? 'each edit' : 'each region'}):`, '');
  out.push(table(['area ratio', ...GENERATORS], a.perImage.map((_, i) => [bin(i), ...GENERATORS.map((g) => a.perGenerator[g][i])])), '');

  out.push('## (c) Edits per generator and round', '');
  const e = s.edits;
  const rounds = Array.from({ length: e.rounds }, (_, r) => r);
  if (s.annotated) {
    const totals = rounds.map((r) => GENERATORS.reduce((sum, g) => sum + e.byRound[g][r], 0));
    out.push(
      table(
        ['generator', ...rounds.map((r) => `round ${r + 1}`), 'edits', 'images'],
        [...GENERATORS.map((g) => [g, ...e.byRound[g], e.total[g], e.imagesWithGenerator[g]]), ['**all**', ...totals, totals.reduce((x, y) => x + y, 0), s.records]],
      ),
      '',
    );
  } else {
    out.push(`Rounds unknown (${s.coverage.c.reason ?? ''}). Images showing each generator, from the masks:`, '');
    out.push(table(['generator', 'images'], GENERATORS.map((g) => [g, e.imagesWithGenerator[g]])), '');
  }

  out.push('## (d) Images by number of rounds', '');
  if (s.rounds) {
    const d = s.rounds;
    const keys = Object.keys(d.byNumTurns).map(Number).sort((x, y) => x - y);
    out.push(table(['rounds', 'images', 'share'], keys.map((k) => [k === 0 ? '0 (unedited)' : String(k), d.byNumTurns[k], pct(d.byNumTurns[k], s.annotated)])), '');
    out.push(`1 : 2 : 3 rounds = ${d.ratio ? d.ratio.map((x) => formatNumber({ value: x, digits: 2 })).join(' : ') : '– (no 1-round image)'}; ${n(d.edited)} edited images, ${n(d.negatives)} unedited (negatives).`, '');
  } else out.push('Not available: ' + (s.coverage.d.reason ?? ''), '');

  out.push('## (e) Base images', '');
  if (s.baseImages) {
    const b = s.baseImages;
    const all = b.real + b.generated;
    out.push(table(['base', 'images', 'share'], [['real', b.real, pct(b.real, all)], ['generated', b.generated, pct(b.generated, all)]]), '');
    const by = Object.entries(b.byBaseGenerator).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    if (by.length) out.push('Generated bases by the model that made them:', '', table(['base generator', 'images'], by), '');
  } else out.push('Not available: ' + (s.coverage.e.reason ?? ''), '');
  return out.join('\n');
}
