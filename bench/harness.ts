/**
 * Tiny benchmark harness shared by the bench/ scripts: runs a function until a time budget is
 * spent, takes the median of several rounds, and prints tables. Numbers are ratios against a
 * reference measured in the same run on the same data, because the machine is shared and noisy.
 */

/** Median seconds per call of `fn`, over `rounds` rounds of at least `minSeconds` each. */
export async function timePerCall(fn: () => unknown | Promise<unknown>, options: { rounds?: number; minSeconds?: number } = {}): Promise<number> {
  const rounds = options.rounds ?? 5;
  const minSeconds = options.minSeconds ?? 0.2;
  const results: number[] = [];
  await fn(); // warm-up: JIT, caches, lazy initialisation
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < minSeconds) {
      await fn();
      calls++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    }
    results.push(elapsed / calls);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  console.log(`\n${title}`);
  cells.forEach((r, k) => {
    console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
