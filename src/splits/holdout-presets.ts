import type { Generator } from '../schema/labels.js';

/**
 * The cross-generator holdouts of the paper's Table 5: train on six generators, test on the
 * named two. The key is the name used by `loadSplit(…, { holdout })` and the CLI.
 * @example HOLDOUT_PRESETS['sd2+sd3.5'] // ['sd2', 'sd3.5']
 */
export const HOLDOUT_PRESETS = {
  /** Hold out FLUX.1 and HunyuanDiT 1.1. */
  'flux.1+hunyuandit-1.1': ['flux.1', 'hunyuandit-1.1'],
  /** Hold out Stable Diffusion 2 and 3.5. */
  'sd2+sd3.5': ['sd2', 'sd3.5'],
  /** Hold out GLIDE and Kolors. */
  'glide+kolors': ['glide', 'kolors'],
} as const satisfies Record<string, readonly Generator[]>;

/** Name of one of the paper's holdouts, e.g. `'sd2+sd3.5'`. */
export type HoldoutPreset = keyof typeof HOLDOUT_PRESETS;

/** Generators held out of training: a preset name, or any non-empty list of generators. */
export type HeldOut = HoldoutPreset | readonly Generator[];
