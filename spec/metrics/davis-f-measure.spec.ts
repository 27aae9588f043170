import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';

/*
 * The 'davis' convention against the DAVIS benchmark's own code: every per-class F that
 * davis2017-evaluation's f_measure returned (spec/metrics/fixtures/davis-f-measure.py ran it with
 * OpenCV and scikit-image on these maps) must come out of a one-image accumulator bit for bit,
 * and exactly the classes it scored must be scored. bound_th < 1 is DAVIS's fraction of the
 * diagonal — our default; bound_th ≥ 1 is pixels — our boundaryTolerance.
 */

interface Fixture {
  versions: Record<string, string>;
  cases: { name: string; width: number; height: number; gt: string; pred: string; scores: { boundTh: number; f: Record<string, number> }[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/davis-f-measure.json', import.meta.url), 'utf8')) as Fixture;
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe(`boundary 'davis' equals davis2017-evaluation f_measure (${fixture.versions['davis2017-evaluation'].slice(0, 7)}, OpenCV ${fixture.versions.opencv})`, () => {
  it('covers what it should: default and pixel tolerances, void pixels, empty and full maps, tiny sizes', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(40);
    const scores = fixture.cases.flatMap((c) => c.scores.flatMap((s) => Object.values(s.f)));
    expect(scores.length).toBeGreaterThanOrEqual(800);
    // Not a fixture of ones and zeros: F takes many values, including 1 for two empty boundaries.
    expect(new Set(scores).size).toBeGreaterThan(150);
    expect(fixture.cases.some((c) => c.name.includes('whole image') && c.scores.some((s) => s.f['3'] === 1))).toBe(true);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const gt = bytes(c.gt);
      const pred = bytes(c.pred);
      expect(gt.length).toBe(c.width * c.height);
      for (const { boundTh, f } of c.scores) {
        const metrics = new SegmentationMetrics({ numClasses: 9, boundary: 'davis', boundaryTolerance: boundTh >= 1 ? boundTh : undefined });
        metrics.update({ gt, pred, width: c.width, height: c.height });
        const perClass = metrics.compute().bf1PerClass;
        const want = Array.from({ length: 9 }, (_, k) => (f[String(k)] === undefined ? null : f[String(k)]));
        expect(perClass, `bound_th ${boundTh}`).toEqual(want);
      }
    });
  }

  it('the tfjs engine (cpu backend) gives the same scores', async () => {
    for (const c of fixture.cases.filter((_, i) => i % 4 === 0)) {
      for (const { boundTh, f } of c.scores.filter((_, i) => i % 2 === 0)) {
        const metrics = new SegmentationMetrics({ numClasses: 9, boundary: 'davis', boundaryTolerance: boundTh >= 1 ? boundTh : undefined, engine: 'tfjs' });
        await metrics.updateAsync({ gt: bytes(c.gt), pred: bytes(c.pred), width: c.width, height: c.height });
        const want = Array.from({ length: 9 }, (_, k) => (f[String(k)] === undefined ? null : f[String(k)]));
        expect(metrics.compute().bf1PerClass, `${c.name}, bound_th ${boundTh}`).toEqual(want);
      }
    }
  });
});
