import { describe, expect, it } from 'vitest';
import { rasterizeSvg } from '../../src/charts/rasterize-svg.js';
import { confusionHeatmap } from '../../src/report/confusion-heatmap.js';

const wrap = (svg: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">${svg}</svg>`;

describe('confusionHeatmap', () => {
  it('normalises each row to the truth and keeps every count', () => {
    const chart = confusionHeatmap({ width: 400, height: 400, confusion: [[6, 2], [0, 0]], classNames: ['background', 'sd2'] });
    const cells = [...chart.svg.matchAll(/data-count="(\d+)" data-fraction="([^"]*)"/g)].map((m) => [Number(m[1]), m[2]]);
    expect(cells).toEqual([[6, '0.75'], [2, '0.25'], [0, ''], [0, '']]);
    expect(chart.svg).toContain('<title>truth background → predicted sd2: 2 pixels (25.0% of background)</title>');
    expect(chart.svg).toContain('truth sd2 → predicted background: 0 pixels (no truth pixels)');
  });

  it('stays well-formed with hostile class names (librsvg parses it strictly)', async () => {
    const chart = confusionHeatmap({ width: 400, height: 400, confusion: [[1, 0], [0, 1]], classNames: ['<b>&', '"]]>'] });
    await expect(rasterizeSvg({ svg: wrap(chart.svg), scale: 1 })).resolves.toMatchObject({ width: 400 });
    expect(chart.svg).not.toContain('<b>');
  });

  it('refuses a matrix that is not square with one name per class, or a bad count', () => {
    expect(() => confusionHeatmap({ width: 100, height: 100, confusion: [[1, 2]], classNames: ['a', 'b'] })).toThrow(/2×2/);
    expect(() => confusionHeatmap({ width: 100, height: 100, confusion: [[1, -1], [0, 0]], classNames: ['a', 'b'] })).toThrow(/finite counts/);
  });
});
