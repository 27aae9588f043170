import { describe, expect, it } from 'vitest';
import { rasterizeSvg } from '../../src/charts/rasterize-svg.js';
import { precisionRecallChart } from '../../src/report/precision-recall-chart.js';
import { precisionRecallCurve } from '../../src/report/precision-recall-curve.js';

describe('precisionRecallChart', () => {
  it('draws each point with its numbers, the steps AP integrates, and the threshold', async () => {
    const points = precisionRecallCurve({ scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true] });
    const chart = precisionRecallChart({ width: 300, height: 240, points, ap: 0.8333, threshold: 0.5 });
    const drawn = [...chart.svg.matchAll(/data-recall="([^"]+)" data-precision="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(drawn).toEqual(points.map((p) => [p.recall, p.precision]));
    // Rise then run: from (0, 1) the step to recall 0.5 holds precision 1 … then 2/3 up to recall 1.
    expect(chart.svg).toMatch(/class="pr-curve" d="M40 8V[\d.]+H[\d.]+/);
    // score > 0.5 calls only the 0.8 image edited: precision 1, recall 0.5.
    expect(chart.svg).toContain('threshold 0.5: precision 1.000, recall 0.500');
    expect(chart.svg).toContain('AP 0.833');
    await expect(rasterizeSvg({ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="240">${chart.svg}</svg>`, scale: 1 })).resolves.toMatchObject({ height: 240 });
  });
});
