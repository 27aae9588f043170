/**
 * The one label-id table of the format (docs/format.md §2), used by masks, metrics, colours and docs.
 * Ids are stable: 0 is unedited background, 1..8 the generators in this order, 255 is ignored.
 */

/** Short names of the eight editing models, in label-id order (label = index + 1). */
export const GENERATORS = [
  'sd2',
  'sd3.5',
  'sdxl',
  'flux.1',
  'glide',
  'kolors',
  'hunyuandit-1.1',
  'kandinsky-2.2',
] as const;

/** Short name of an editing model, e.g. `'flux.1'`. */
export type Generator = (typeof GENERATORS)[number];

/** The three kinds of local edit the pipeline makes. */
export const EDIT_TYPES = ['attribute', 'addition', 'removal'] as const;
/** Kind of local edit. */
export type EditType = (typeof EDIT_TYPES)[number];

/** Whether the unedited base image was a real COCO photo or made by a diffusion model. */
export const BASE_TYPES = ['real', 'generated'] as const;
/** Origin of the base image. */
export type BaseType = (typeof BASE_TYPES)[number];

/** The canonical splits (8:2). */
export const SPLITS = ['train', 'validation'] as const;
/** Canonical split name. */
export type SplitName = (typeof SPLITS)[number];

/** Label id of unedited pixels. */
export const BACKGROUND_LABEL = 0;
/** Label id excluded from every metric. */
export const IGNORE_INDEX = 255;
/** Number of semantic classes (background + 8 generators). */
export const NUM_CLASSES = GENERATORS.length + 1;

/** One row of the label table. */
export interface LabelInfo {
  /** Label id as stored in masks. */
  id: number;
  /** Short name (`background`, a generator name, or `ignore`). */
  name: string;
  /** Human-readable model name. */
  displayName: string;
  /** Overlay colour `[r, g, b]`, chosen to be distinguishable (Okabe–Ito-like palette). */
  color: readonly [number, number, number];
}

/** The label table, indexed by position 0..8 (ignore is {@link IGNORE_LABEL}). */
export const LABELS: readonly LabelInfo[] = [
  { id: 0, name: 'background', displayName: 'unedited pixel', color: [0, 0, 0] },
  { id: 1, name: 'sd2', displayName: 'Stable Diffusion 2', color: [230, 159, 0] },
  { id: 2, name: 'sd3.5', displayName: 'Stable Diffusion 3.5', color: [86, 180, 233] },
  { id: 3, name: 'sdxl', displayName: 'SDXL', color: [0, 158, 115] },
  { id: 4, name: 'flux.1', displayName: 'FLUX.1', color: [240, 228, 66] },
  { id: 5, name: 'glide', displayName: 'GLIDE', color: [0, 114, 178] },
  { id: 6, name: 'kolors', displayName: 'Kolors', color: [213, 94, 0] },
  { id: 7, name: 'hunyuandit-1.1', displayName: 'HunyuanDiT 1.1', color: [204, 121, 167] },
  { id: 8, name: 'kandinsky-2.2', displayName: 'Kandinsky 2.2', color: [148, 52, 230] },
];

/** The ignore label. */
export const IGNORE_LABEL: LabelInfo = { id: 255, name: 'ignore', displayName: 'excluded from metrics', color: [128, 128, 128] };

/**
 * Label id of a generator.
 * @example labelOfGenerator('flux.1') // 4
 */
export function labelOfGenerator(generator: Generator): number {
  return GENERATORS.indexOf(generator) + 1;
}

/**
 * Generator of a label id 1..8, or `undefined` for background, ignore or an unknown id.
 * @example generatorOfLabel(4) // 'flux.1'
 */
export function generatorOfLabel(label: number): Generator | undefined {
  return label >= 1 && label <= GENERATORS.length ? GENERATORS[label - 1] : undefined;
}

/** Whether a string is one of the eight generator names. */
export function isGenerator(value: string): value is Generator {
  return (GENERATORS as readonly string[]).includes(value);
}

/**
 * Canonical split name: `val` is accepted as an alias of `validation`; other names pass through
 * unchanged (a dataset may define its own splits, e.g. a `test` split).
 */
export function canonicalSplit(split: string): string {
  return split === 'val' ? 'validation' : split;
}
