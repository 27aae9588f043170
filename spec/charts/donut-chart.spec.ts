import { describe, expect, it } from 'vitest';
import { donutChart } from '../../src/charts/donut-chart.js';
import { ArgumentError } from '../../src/errors.js';
import { dataElements, render, standalone } from './standalone.js';

describe('donutChart', () => {
  it('draws a slice per non-zero value and lists every slice with its count and share', async () => {
    const chart = donutChart({
      width: 360,
      height: 200,
      slices: [
        { label: '1 round', value: 10, color: '#c6dbef' },
        { label: '2 rounds', value: 40, color: '#6baed6' },
        { label: '3 rounds', value: 50, color: '#2171b5' },
        { label: 'unedited', value: 0, color: '#bbbbbb' },
      ],
      center: ['1 : 4 : 5', 'rounds'],
    });
    expect(dataElements(chart.svg).map((s) => [s.attrs['data-label'], Number(s.attrs['data-value'])])).toEqual([['1 round', 10], ['2 rounds', 40], ['3 rounds', 50]]);
    expect(chart.svg).toContain('>2 rounds  40 (40.0%)</text>');
    expect(chart.svg).toContain('>unedited  0 (0.0%)</text>');
    expect(chart.svg).toContain('>1 : 4 : 5</text>');
    // The half-circle slice uses the large-arc flag only when it is more than half.
    const arcs = [...chart.svg.matchAll(/d="M[^A]*A[\d.]+ [\d.]+ 0 (\d) 1/g)].map((m) => Number(m[1]));
    expect(arcs).toEqual([0, 0, 0]);
    const { data, width } = await render(standalone(chart));
    expect(data.some((v) => v < 200)).toBe(true);
    expect(width).toBe(360);
  });

  it('draws a single whole slice as a ring, all zeros as a grey ring', () => {
    const whole = donutChart({ width: 300, height: 200, slices: [{ label: 'real', value: 7, color: '#4c72b0' }, { label: 'generated', value: 0, color: '#dd8452' }] });
    expect(whole.svg).toMatch(/<circle class="slice" data-label="real" data-value="7"/);
    const empty = donutChart({ width: 300, height: 200, slices: [{ label: 'real', value: 0, color: '#4c72b0' }] });
    expect(empty.svg).toContain('<title>no data</title>');
    expect(dataElements(empty.svg)).toHaveLength(0);
  });

  it('refuses a negative or non-finite value', () => {
    expect(() => donutChart({ width: 300, height: 200, slices: [{ label: 'x', value: -1, color: '#000' }] })).toThrow(ArgumentError);
  });
});
