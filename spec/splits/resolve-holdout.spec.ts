import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import type { Generator } from '../../src/schema/labels.js';
import { HOLDOUT_PRESETS } from '../../src/splits/holdout-presets.js';
import { resolveHoldout } from '../../src/splits/resolve-holdout.js';

describe('resolveHoldout', () => {
  it('knows the three holdouts of the paper (Table 5)', () => {
    expect(Object.keys(HOLDOUT_PRESETS).sort()).toEqual(['flux.1+hunyuandit-1.1', 'glide+kolors', 'sd2+sd3.5']);
    expect(resolveHoldout('flux.1+hunyuandit-1.1')).toEqual(['flux.1', 'hunyuandit-1.1']);
    expect(resolveHoldout('sd2+sd3.5')).toEqual(['sd2', 'sd3.5']);
    expect(resolveHoldout('glide+kolors')).toEqual(['glide', 'kolors']);
  });

  it('returns a copy, so a caller cannot edit a preset', () => {
    const g = resolveHoldout('sd2+sd3.5');
    g.push('sdxl');
    expect(resolveHoldout('sd2+sd3.5')).toEqual(['sd2', 'sd3.5']);
  });

  it('accepts an array of generators, deduplicated in label-id order', () => {
    expect(resolveHoldout(['sdxl', 'sd2', 'sdxl'])).toEqual(['sd2', 'sdxl']);
  });

  it('rejects an unknown preset, listing the valid presets and generators', () => {
    expect(() => resolveHoldout('sd2+sd35' as never)).toThrow(ArgumentError);
    expect(() => resolveHoldout('sd2+sd35' as never)).toThrow(
      /unknown holdout preset 'sd2\+sd35'; valid presets: flux\.1\+hunyuandit-1\.1, sd2\+sd3\.5, glide\+kolors/,
    );
    // Object prototype keys are not presets.
    expect(() => resolveHoldout('toString' as never)).toThrow(ArgumentError);
  });

  it('rejects an unknown generator, listing the valid ones', () => {
    expect(() => resolveHoldout(['sd2', 'dalle3' as Generator])).toThrow(
      /unknown generator 'dalle3' in holdout; valid generators: sd2, sd3\.5, sdxl, flux\.1, glide, kolors, hunyuandit-1\.1, kandinsky-2\.2/,
    );
  });

  it('rejects an empty list and values that are neither string nor array', () => {
    expect(() => resolveHoldout([])).toThrow(ArgumentError);
    expect(() => resolveHoldout(3 as never)).toThrow(ArgumentError);
    expect(() => resolveHoldout(null as never)).toThrow(ArgumentError);
  });
});
