/**
 * A number as a chart prints it: counts with thousands separators (`14,308`), or in the compact
 * form of an axis (`15k`, `1.2M`); fractions as percentages with `percent`. Always in the same
 * (English) form whatever the machine's locale, so the same data give the same figure everywhere.
 * @example formatNumber({ value: 14308 }) // '14,308'
 * @example formatNumber({ value: 15000, compact: true }) // '15k'
 * @example formatNumber({ value: 0.25, percent: true }) // '25%'
 */
export function formatNumber(params: { value: number; compact?: boolean; percent?: boolean; digits?: number }): string {
  const { value, compact, percent } = params;
  if (percent) return `${(value * 100).toFixed(params.digits ?? 0)}%`;
  if (compact) {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `${trim((value / 1e9).toFixed(1))}G`;
    if (abs >= 1e6) return `${trim((value / 1e6).toFixed(1))}M`;
    if (abs >= 1e4) return `${trim((value / 1e3).toFixed(0))}k`;
    if (abs >= 1e3) return `${trim((value / 1e3).toFixed(1))}k`;
  }
  const [whole, fraction] = (params.digits !== undefined ? value.toFixed(params.digits) : String(value)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
