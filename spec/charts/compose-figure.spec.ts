import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/charts/bar-chart.js';
import { composeFigure } from '../../src/charts/compose-figure.js';
import { messageChart } from '../../src/charts/message-chart.js';
import { ArgumentError } from '../../src/errors.js';
import { render } from './standalone.js';

const bars = (size: { width: number; height: number }) => barChart({ ...size, categories: ['a', 'b'], series: [{ name: 's', values: [1, 2], color: '#000' }] });

describe('composeFigure', () => {
  it('lays panels (a)…(e) on the grid in reading order, sizes each chart to its cell, and adds notes', async () => {
    const sizes: { width: number; height: number }[] = [];
    const draw = (size: { width: number; height: number }) => (sizes.push(size), bars(size));
    const svg = composeFigure({
      title: 'Statistics & more',
      columns: 2,
      width: 800,
      rowHeight: 200,
      notes: ['first note', 'second note'],
      panels: [{ title: 'wide', span: 2, draw }, { title: 'b', draw }, { title: 'c', draw }, { title: 'd', draw }, { title: 'e', draw: (s) => messageChart({ ...s, lines: ['n/a'] }) }],
    });
    const groups = [...svg.matchAll(/<g id="(panel-[a-e])" transform="translate\(([\d.]+) ([\d.]+)\)">/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(groups.map((g) => g[0])).toEqual(['panel-a', 'panel-b', 'panel-c', 'panel-d', 'panel-e']);
    // Row 1: (a) alone; row 2: (b) (c) side by side; row 3: (d) (e).
    expect(groups[1][2]).toBeGreaterThan(groups[0][2] as number);
    expect(groups[2][2]).toBe(groups[1][2]);
    expect(groups[2][1]).toBeGreaterThan(groups[1][1] as number);
    expect(groups[3][2]).toBeGreaterThan(groups[1][2] as number);
    expect(sizes[0].width).toBeGreaterThan(2 * sizes[1].width);
    for (const letter of 'abcde') expect(svg).toContain(`<tspan font-weight="bold">(${letter})</tspan>`);
    expect(svg).toContain('<title>Statistics &amp; more</title>');
    expect(svg).toContain('>second note</text>');
    const [, w, h] = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
    const image = await render(svg);
    expect([image.width, image.height]).toEqual([Number(w), Number(h)]);
    expect(Number(h)).toBeGreaterThan(3 * 200);
  });

  it('refuses a span wider than the grid', () => {
    expect(() => composeFigure({ columns: 2, panels: [{ title: 'x', span: 3, draw: bars }] })).toThrow(ArgumentError);
    expect(() => composeFigure({ columns: 0, panels: [] })).toThrow(ArgumentError);
  });
});
