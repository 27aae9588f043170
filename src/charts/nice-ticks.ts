/**
 * Tick values for a count axis that starts at 0: steps of 1, 2 or 5 × 10^k, about `count` of them,
 * the last one at or above `max` (so the tallest bar never leaves the axis). Integers only when the
 * data are counts (`integer`, the default): no tick at 0.5 of an image.
 * @example niceTicks({ max: 14_308 }) // [0, 5000, 10000, 15000]
 */
export function niceTicks(params: { max: number; count?: number; integer?: boolean }): number[] {
  const { max } = params;
  const count = Math.max(1, params.count ?? 4);
  const integer = params.integer ?? true;
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  // Multiplying (not summing) keeps 0.1-steps free of 0.30000000000000004.
  for (let i = 0; i === 0 || ticks[ticks.length - 1] < max; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
