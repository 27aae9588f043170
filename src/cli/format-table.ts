/**
 * Formats rows as an aligned plain-text table (numbers right-aligned, text left-aligned), the way
 * every command prints: readable in a terminal, stable in a log.
 * @example
 * formatTable({ header: ['split', 'records'], rows: [['train', 40]] });
 */
export function formatTable(params: { header: string[]; rows: (string | number)[][]; indent?: string }): string {
  const { header, rows } = params;
  const indent = params.indent ?? '';
  const cells = [header, ...rows.map((r) => r.map(String))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === '' || r[i] === '-'));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    indent + r.map((c, i) => (numeric[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}
