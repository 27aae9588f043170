import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/charts/bar-chart.js';
import { ArgumentError } from '../../src/errors.js';
import { dataElements, render, standalone } from './standalone.js';

const categories = ['sd2', 'sd3.5', 'sdxl'];

describe('barChart', () => {
  it('draws one bar per value with its exact count, heights proportional on an axis from 0', async () => {
    const chart = barChart({ width: 400, height: 240, categories, series: [{ name: 'edits', values: [10, 0, 25], color: '#4c72b0' }], yTitle: 'edits', valueLabels: true });
    const bars = dataElements(chart.svg);
    expect(bars.map((b) => [b.attrs['data-category'], Number(b.attrs['data-value'])])).toEqual([['sd2', 10], ['sd3.5', 0], ['sdxl', 25]]);
    const height = (i: number) => Number(bars[i].attrs.height);
    expect(height(2) / height(0)).toBeCloseTo(2.5, 1);
    // Bottoms on one baseline.
    const bottom = (i: number) => Number(bars[i].attrs.y) + height(i);
    expect(bottom(0)).toBeCloseTo(bottom(2), 6);
    expect(chart.svg).toContain('<title>sdxl: 25</title>');
    const { data, width } = await render(standalone(chart));
    // The tallest bar is drawn: its centre pixel is the bar's colour (grey ≈ 110), not white.
    const x = Math.round(Number(bars[2].attrs.x) + Number(bars[2].attrs.width) / 2);
    const y = Math.round(Number(bars[2].attrs.y) + height(2) / 2);
    expect(data[y * width + x]).toBeLessThan(160);
  });

  it('groups several series per category, with a legend and per-category colours', () => {
    const chart = barChart({
      width: 400,
      height: 240,
      categories,
      series: [1, 2, 3].map((r) => ({ name: `round ${r}`, values: [r, 2 * r, 3 * r], color: ['#e69f00', '#56b4e9', '#009e73'], opacity: 1 / r })),
    });
    const bars = dataElements(chart.svg);
    expect(bars).toHaveLength(9);
    // Category-major order: sd2 rounds 1..3, then sd3.5 …; each bar in its category's colour.
    expect(bars.slice(0, 3).map((b) => [b.attrs['data-series'], b.attrs.fill])).toEqual([['round 1', '#e69f00'], ['round 2', '#e69f00'], ['round 3', '#e69f00']]);
    expect(bars[3].attrs.fill).toBe('#56b4e9');
    expect(bars[1].attrs['fill-opacity']).toBe('0.5');
    const xs = bars.map((b) => Number(b.attrs.x));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    for (const r of [1, 2, 3]) expect(chart.svg).toContain(`>round ${r}</text>`);
  });

  it('rotates and cuts category labels too wide for their band, keeping the full name in a title', async () => {
    const long = 'a category with a very long name indeed';
    const chart = barChart({ width: 300, height: 220, categories: [long, 'x', 'y', 'z'], series: [{ name: 'n', values: [1, 2, 3, 4], color: '#000' }] });
    expect(chart.svg).toMatch(/transform="rotate\(-40 /);
    expect(chart.svg).toContain(`<title>${long}</title>`);
    expect(chart.svg).toMatch(/>a category with[^<]*…<\/text>/);
    await render(standalone(chart));
  });

  it('escapes hostile category and series names', async () => {
    const chart = barChart({ width: 300, height: 200, categories: ['<b>&"\u0000'], series: [{ name: "it's", values: [1], color: '#000' }] });
    expect(chart.svg).not.toContain('<b>');
    await render(standalone(chart));
  });

  it('refuses a series without one finite value ≥ 0 per category', () => {
    for (const values of [[1, 2], [1, 2, -1], [1, Number.NaN, 2]]) {
      expect(() => barChart({ width: 300, height: 200, categories, series: [{ name: 'bad', values, color: '#000' }] })).toThrow(ArgumentError);
    }
  });
});
