import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { histogramChart } from '../../src/charts/histogram-chart.js';
import { dataElements, render, standalone } from './standalone.js';

describe('histogramChart', () => {
  it('gives each bin a width proportional to its edges and each series its own bar inside it', async () => {
    const chart = histogramChart({
      width: 400,
      height: 220,
      edges: [0, 0.1, 0.3, 1],
      series: [
        { name: 'each edit', counts: [5, 3, 1], color: '#4c72b0' },
        { name: 'per image', counts: [2, 2, 0], color: '#dd8452' },
      ],
      xTicks: [0, 0.5, 1],
      formatX: (v) => `${Math.round(v * 100)}%`,
      xTitle: 'area',
    });
    const bars = dataElements(chart.svg);
    expect(bars.map((b) => [b.attrs['data-series'], Number(b.attrs['data-bin']), Number(b.attrs['data-value'])])).toEqual([
      ['each edit', 0, 5], ['per image', 0, 2], ['each edit', 1, 3], ['per image', 1, 2], ['each edit', 2, 1], ['per image', 2, 0],
    ]);
    // Drawn 0.5 narrower than their share, for a hairline between neighbours.
    const w = (i: number) => Number(bars[i].attrs.width) + 0.5;
    // Bin 1 is twice as wide as bin 0, bin 2 seven times.
    expect(w(2) / w(0)).toBeCloseTo(2, 1);
    expect(w(4) / w(0)).toBeCloseTo(7, 1);
    expect(chart.svg).toContain('<title>each edit, 10%–30%: 3</title>');
    for (const t of ['0%', '50%', '100%']) expect(chart.svg).toContain(`>${t}</text>`);
    await render(standalone(chart));
  });

  it('refuses edges that do not increase and series of the wrong length', () => {
    expect(() => histogramChart({ width: 300, height: 200, edges: [0, 0], series: [] })).toThrow(ArgumentError);
    expect(() => histogramChart({ width: 300, height: 200, edges: [0, 1, 2], series: [{ name: 's', counts: [1], color: '#000' }] })).toThrow(/one count ≥ 0 per bin \(2\)/);
  });
});
