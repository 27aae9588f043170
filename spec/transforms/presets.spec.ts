import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { ROBUSTNESS_PRESETS, robustnessPreset } from '../../src/transforms/robustness-preset.js';
import { idsOf, labelled } from './helpers.js';

describe('robustness presets', () => {
  it("include the paper's Table 3 distortions, marked as such", () => {
    const paper = Object.values(ROBUSTNESS_PRESETS).filter((p) => p.paper).map((p) => p.name);
    expect(paper.sort()).toEqual(['jpeg60', 'jpeg80', 'resize1024', 'resize256']);
    expect(robustnessPreset('jpeg60').transform.name).toBe('jpeg(60)');
    expect(robustnessPreset('resize256').transform.name).toBe('resize(256)');
    expect(robustnessPreset('resize256+jpeg80').transform.name).toBe('resize(256) → jpeg(80)');
    expect(Object.keys(ROBUSTNESS_PRESETS).length).toBeGreaterThanOrEqual(10);
  });

  it('jpeg60 leaves the label map byte-identical; resize256 resizes it without new ids', async () => {
    const input = labelled(512, 512);
    const j = await applyTransform({ transform: robustnessPreset('jpeg60').transform, ...input, id: 'a' });
    expect(j.labelMap).toEqual(input.labelMap);
    const r = await applyTransform({ transform: robustnessPreset('resize256').transform, ...input, id: 'a' });
    expect([r.image.width, r.image.height, r.labelMap.length]).toEqual([256, 256, 256 * 256]);
    const up = await applyTransform({ transform: robustnessPreset('resize1024').transform, ...input, id: 'a' });
    expect([up.image.width, up.image.height]).toEqual([1024, 1024]);
    const allowed = new Set(input.labelMap);
    for (const out of [r, up]) expect(idsOf(out.labelMap).every((id) => allowed.has(id))).toBe(true);
  });

  it.each(Object.keys(ROBUSTNESS_PRESETS))('%s runs, keeps labels consistent and says whether geometry changes', async (name) => {
    const preset = robustnessPreset(name);
    const input = labelled(96, 64);
    const out = await applyTransform({ transform: preset.transform, ...input, id: 'a' });
    const g = preset.transform.geometry!({ width: 96, height: 64 }, { id: 'a' });
    expect([out.image.width, out.image.height]).toEqual([g.width, g.height]);
    expect(preset.changesGeometry).toBe(g.sourceIndex !== null);
    if (!preset.changesGeometry) expect(out.labelMap).toEqual(input.labelMap);
    const allowed = new Set(input.labelMap);
    expect(idsOf(out.labelMap).every((id) => allowed.has(id))).toBe(true);
    // Compression presets carry the file they decoded.
    if (/jpeg|webp/.test(name)) expect(out.encoded?.format).toBe(name.includes('jpeg') ? 'jpeg' : 'webp');
    else expect(out.encoded).toBeUndefined();
  });
});
