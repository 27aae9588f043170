/**
 * The synthetic DiffSeg30k look-alike behind `samples/data/`: a plan (plain data, drawn from one
 * seed) and pure renderers that turn a plan into canonical records.
 *
 * Nothing here is a real diffusion output. A "scene" is a procedural texture; an "edit" repaints
 * the pixels inside its mask with the turn's own procedural texture (a removal blends in the
 * colours around the region). What is faithful to the paper is the *structure*: 1–3 sequential
 * edits by distinct generators in a 1:4:5 ratio, later edits overwriting earlier ones, blob-like
 * masks of decreasing frequency with area, balanced generators, edit types and base types,
 * COCO-style captions and VLM-style prompts and quality scores (paper §3, Figure 3).
 *
 * Each edit changes every pixel of its mask (it is nudged where its texture happens to match the
 * image), and nothing outside the masks — so the label map is exactly where the image differs
 * from its base, which the samples spec checks by re-rendering the base.
 */
import { EDIT_TYPES, GENERATORS, labelOfGenerator, type BaseType, type EditType, type Generator } from '../../src/schema/labels.js';
import type { DatasetRecord, Turn } from '../../src/schema/record.js';
import { composeLabelMap } from '../../src/mask/compose-label-map.js';
import { encodeRle } from '../../src/mask/encode-rle.js';
import { rleArea } from '../../src/mask/rle-area.js';
import { rleBbox } from '../../src/mask/rle-bbox.js';
import { Deck, Rng } from './prng.js';
import { encodePng } from './png.js';
import { DIRECTIONS, SIZE, centroid, rasterize, renderTexture, type RGB, type Shape, type Texture } from './raster.js';
import {
  CATEGORY_PALETTES,
  COLOURS,
  OBJECTS,
  QUALITY_REASONS,
  SCENES,
  STYLES,
  article,
  type Category,
  type SceneKind,
} from './vocab.js';

/** Seed of the committed dataset. Change it and the committed data must be regenerated. */
export const SEED = 30_000;

/** Splits of the bundled dataset. */
export type SampleSplit = 'train' | 'validation';

/**
 * How many records of each kind go into each split. Edited images come in the paper's 1:4:5
 * ratio of 1-, 2- and 3-turn images (5 : 20 : 25 over both splits), giving 120 turns, 15 per
 * generator; unedited real negatives join both splits.
 */
export const COMPOSITION: Record<SampleSplit, { negatives: number; byTurns: [number, number, number]; scores: number[] }> = {
  train: { negatives: 4, byTurns: [4, 14, 18], scores: counts({ 5: 10, 4: 14, 3: 8, 2: 2, 1: 2 }) },
  validation: { negatives: 2, byTurns: [1, 6, 7], scores: counts({ 5: 4, 4: 6, 3: 3, 2: 1 }) },
};

function counts(byScore: Record<number, number>): number[] {
  const out: number[] = [];
  for (const [score, n] of Object.entries(byScore)) for (let i = 0; i < n; i++) out.push(Number(score));
  return out.sort((a, b) => b - a);
}

/** One planned edit. */
export interface TurnPlan {
  generator: Generator;
  editType: EditType;
  category: Category;
  object: string;
  prompt: string;
  shape: Shape;
  texture: Texture;
}

/** One planned record: everything needed to render it. */
export interface RecordPlan {
  id: string;
  split: SampleSplit;
  scene: SceneKind;
  baseType: BaseType;
  baseGenerator: Generator | null;
  cocoId: number;
  basePrompt: string | null;
  base: Texture;
  turns: TurnPlan[];
  qualityScore: number | null;
  qualityReason: string | null;
}

const SCENE_WEIGHTS: readonly (readonly [SceneKind, number])[] = [
  ['table', 3],
  ['street', 2],
  ['landscape', 2],
  ['room', 2],
  ['marble', 1],
];

const SKIES: readonly [RGB, RGB][] = [
  [[90, 140, 220], [200, 225, 250]],
  [[120, 90, 160], [250, 170, 110]],
  [[150, 160, 175], [215, 218, 222]],
];
const GROUNDS: readonly [RGB, RGB][] = [
  [[70, 130, 50], [160, 185, 85]],
  [[215, 195, 145], [165, 135, 85]],
  [[235, 240, 245], [175, 185, 205]],
];
const CLOTHS: readonly [RGB, RGB][] = [
  [[200, 60, 60], [240, 238, 232]],
  [[60, 90, 160], [235, 235, 240]],
  [[165, 115, 72], [145, 98, 62]],
];
const WALLS: readonly [RGB, RGB][] = [
  [[222, 210, 188], [180, 168, 148]],
  [[180, 200, 212], [140, 160, 176]],
  [[200, 190, 220], [160, 150, 185]],
];
const FLOORS: readonly [RGB, RGB][] = [
  [[152, 102, 62], [132, 86, 50]],
  [[200, 200, 195], [170, 170, 165]],
];
const FACADES: readonly [RGB, RGB][] = [
  [[160, 80, 60], [200, 172, 140]],
  [[130, 130, 142], [182, 176, 170]],
];
const MARBLES: readonly RGB[][] = [
  [[40, 70, 40], [120, 170, 90], [230, 220, 150]],
  [[30, 40, 90], [90, 140, 200], [240, 200, 160]],
  [[90, 40, 60], [210, 110, 90], [250, 220, 180]],
  [[60, 60, 60], [150, 140, 130], [230, 225, 215]],
];

function planBase(rng: Rng, scene: SceneKind): Texture {
  switch (scene) {
    case 'landscape':
      return { kind: 'landscape', sky: rng.pick(SKIES), ground: rng.pick(GROUNDS), horizon: rng.range(0.35, 0.6), seed: rng.int(1, 1e9), levels: rng.int(8, 12) };
    case 'street':
      return {
        kind: 'street',
        sky: rng.pick(SKIES)[0],
        wall: rng.pick(FACADES),
        road: [rng.int(80, 100), rng.int(80, 100), rng.int(85, 105)],
        stripe: rng.pick<RGB>([[240, 220, 80], [240, 240, 240]]),
        roadY: rng.int(150, 190),
        period: rng.int(32, 64),
        levels: rng.int(6, 10),
      };
    case 'table': {
      const plates = [];
      for (let i = rng.int(1, 3); i > 0; i--) {
        plates.push({ cx: rng.int(40, 216), cy: rng.int(40, 216), r: rng.int(24, 56), color: rng.pick(CATEGORY_PALETTES.food)[rng.int(0, 1)] });
      }
      return { kind: 'table', cloth: rng.pick(CLOTHS), period: rng.int(12, 24), dir: rng.int(0, 15), plates, levels: 4 };
    }
    case 'room':
      return { kind: 'room', wall: rng.pick(WALLS), floor: rng.pick(FLOORS), floorY: rng.int(140, 180), tile: rng.int(20, 36), levels: rng.int(6, 10) };
    case 'marble':
      return { kind: 'marble', palette: rng.pick(MARBLES), seed: rng.int(1, 1e9), cells: rng.int(3, 5), levels: rng.int(10, 14) };
  }
}

/** A blob around (cx, cy) with about `r`² π pixels: a rotated ellipse, a union of circles or a star polygon. */
function planShape(rng: Rng, cx: number, cy: number, r: number): Shape {
  const kind = rng.pick(['ellipse', 'circles', 'polygon'] as const);
  if (kind === 'ellipse') {
    const rx = r * rng.range(1, 1.7);
    return { kind, cx, cy, rx, ry: (r * r) / rx, dir: rng.int(0, 15) };
  }
  if (kind === 'circles') {
    const circles = [];
    for (let i = rng.int(2, 4); i > 0; i--) {
      const [dx, dy] = rng.pick(DIRECTIONS);
      const off = r * rng.range(0, 0.6);
      circles.push({ cx: cx + dx * off, cy: cy + dy * off, r: r * rng.range(0.5, 0.8) });
    }
    return { kind, circles };
  }
  const points: [number, number][] = [];
  for (let k = 0; k < 16; k++) {
    if (k % 2 === 1 && rng.chance(0.35)) continue; // drop a vertex now and then: lumpier outline
    const [dx, dy] = DIRECTIONS[k];
    const rr = r * rng.range(0.75, 1.2);
    points.push([cx + dx * rr, cy + dy * rr]);
  }
  return { kind, points };
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/**
 * Places the masks of an image's edits. Smaller regions are likelier (Figure 3b); some hug the
 * image border, some overlap the previous edit. Each earlier edit must stay at least 30 %
 * visible, like the paper's pipeline, which drops masks that overlap an earlier one by IoU > 70 %.
 */
function planShapes(rng: Rng, n: number): Shape[] {
  const shapes: Shape[] = [];
  const masks: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    for (let attempt = 0; ; attempt++) {
      const u = rng.next();
      const fraction = 0.015 + 0.22 * u * u;
      const r = Math.sqrt((fraction * SIZE * SIZE) / Math.PI);
      let cx: number;
      let cy: number;
      const mode = k > 0 && rng.chance(0.45) ? 'overlap' : rng.chance(0.25) ? 'border' : 'free';
      if (mode === 'overlap') {
        const [px, py] = centroid(masks[k - 1]);
        const [dx, dy] = rng.pick(DIRECTIONS);
        const off = r * rng.range(0.5, 1.3);
        cx = px + dx * off;
        cy = py + dy * off;
      } else if (mode === 'border') {
        const edge = rng.int(0, 3);
        const along = rng.range(r, SIZE - r);
        const inset = r * rng.range(0.1, 0.5);
        [cx, cy] = edge === 0 ? [inset, along] : edge === 1 ? [SIZE - inset, along] : edge === 2 ? [along, inset] : [along, SIZE - inset];
      } else {
        cx = rng.range(r * 0.7, SIZE - r * 0.7);
        cy = rng.range(r * 0.7, SIZE - r * 0.7);
      }
      const shape = planShape(rng, cx, cy, r);
      const mask = rasterize(shape);
      if (count(mask) < 200 && attempt < 200) continue;
      // Every earlier edit keeps ≥ 30 % of its pixels once this one is painted over it.
      let ok = true;
      for (let j = 0; j < k && ok; j++) {
        let visible = 0;
        for (let i = 0; i < mask.length; i++) {
          if (!masks[j][i]) continue;
          let covered = mask[i] === 1;
          for (let l = j + 1; l < k && !covered; l++) covered = masks[l][i] === 1;
          if (!covered) visible++;
        }
        ok = visible >= 0.3 * count(masks[j]);
      }
      if (!ok && attempt < 200) continue;
      shapes.push(shape);
      masks.push(mask);
      break;
    }
  }
  return shapes;
}

function planTurnTexture(rng: Rng, editType: EditType, category: Category, shape: Shape, colour: RGB | undefined, style: string | undefined): Texture {
  if (editType === 'removal') return { kind: 'inpaint', seed: rng.int(1, 1e9), cells: rng.int(2, 4), levels: 6 };
  const [light, dark] = colour ? [colour, [Math.round(colour[0] * 0.45), Math.round(colour[1] * 0.45), Math.round(colour[2] * 0.45)] as RGB] : rng.pick(CATEGORY_PALETTES[category]);
  if (style === 'striped') return { kind: 'stripes', colors: [light, dark], dir: rng.int(0, 15), period: rng.int(6, 14) };
  const [cx, cy] = centroid(rasterize(shape));
  const pick = rng.int(0, 9);
  if (pick < 6) return { kind: 'radial', cx: cx + rng.range(-10, 10), cy: cy + rng.range(-10, 10), r: rng.range(30, 70), light, dark, levels: rng.int(5, 9) };
  if (pick < 8) return { kind: 'marble', palette: [dark, light, dark], seed: rng.int(1, 1e9), cells: rng.int(3, 6), levels: 8 };
  if (pick < 9) return { kind: 'stripes', colors: [light, dark], dir: rng.int(0, 15), period: rng.int(8, 20) };
  return { kind: 'checker', colors: [light, dark], size: rng.int(6, 16) };
}

function planTurns(rng: Rng, scene: SceneKind, n: number, generators: Deck<Generator>, editTypes: Deck<EditType>): TurnPlan[] {
  const shapes = planShapes(rng, n);
  const turns: TurnPlan[] = [];
  const used: Generator[] = [];
  const objects: string[] = [];
  for (let k = 0; k < n; k++) {
    // "each image undergoes up to three sequential edits using different diffusion models"
    const generator = generators.draw(used);
    used.push(generator);
    const editType = editTypes.draw();
    const category = rng.weighted(SCENES[scene].categories);
    const candidates = OBJECTS[category].filter((o) => !objects.includes(o));
    const object = rng.pick(candidates.length ? candidates : OBJECTS[category]);
    objects.push(object);
    let prompt: string;
    let colour: RGB | undefined;
    let style: string | undefined;
    if (editType === 'attribute') {
      if (rng.chance(0.6)) {
        const [name, rgb] = rng.pick(COLOURS);
        colour = rgb;
        prompt = rng.chance(0.5) ? `Change the color of the ${object} to ${name}` : `Make the ${object} ${name}`;
      } else {
        style = rng.pick(STYLES[category]);
        prompt = `Make the ${object} look ${style}`;
      }
    } else if (editType === 'addition') {
      prompt = `Add ${article(object)} ${object} ${rng.pick(SCENES[scene].placements)}`;
    } else {
      prompt = `Remove the ${object} from the ${rng.pick(SCENES[scene].settings)}`;
    }
    turns.push({ generator, editType, category, object, prompt, shape: shapes[k], texture: planTurnTexture(rng, editType, category, shapes[k], colour, style) });
  }
  return turns;
}

/**
 * Plans the whole bundled dataset from one seed. The plan is cheap (no image is rendered except
 * mask shapes); {@link renderRecord} and {@link toDatasetRecord} do the pixels.
 */
export function planDataset(seed = SEED): RecordPlan[] {
  const rng = new Rng(seed);
  const generators = new Deck(GENERATORS, rng.fork());
  const baseGenerators = new Deck(GENERATORS, rng.fork());
  const editTypes = new Deck(EDIT_TYPES, rng.fork());
  const cocoIds = new Set<number>();
  const plans: RecordPlan[] = [];
  let serial = 0;
  for (const split of ['train', 'validation'] as const) {
    const { negatives, byTurns, scores } = COMPOSITION[split];
    const turnCounts = rng.shuffle([
      ...Array<number>(negatives).fill(0),
      ...Array<number>(byTurns[0]).fill(1),
      ...Array<number>(byTurns[1]).fill(2),
      ...Array<number>(byTurns[2]).fill(3),
    ]);
    const scoreDeck = rng.shuffle(scores);
    const baseTypes = new Deck(['real', 'generated'] as const, rng.fork());
    for (const n of turnCounts) {
      serial++;
      const id = `ds-${String(serial).padStart(6, '0')}`;
      const scene = rng.weighted(SCENE_WEIGHTS);
      // The paper's negatives are unedited real COCO images.
      const baseType: BaseType = n === 0 ? 'real' : baseTypes.draw();
      let cocoId: number;
      do cocoId = rng.int(9, 581_929);
      while (cocoIds.has(cocoId));
      cocoIds.add(cocoId);
      const base = planBase(rng, scene);
      const turns = planTurns(rng, scene, n, generators, editTypes);
      let qualityScore: number | null = null;
      let qualityReason: string | null = null;
      if (n > 0) {
        // Negatives were never edited, so the VLM never scored them.
        qualityScore = scoreDeck.pop()!;
        const object = rng.pick(turns).object;
        qualityReason = rng.pick(QUALITY_REASONS[qualityScore]).replace('{o}', object);
      }
      plans.push({
        id,
        split,
        scene,
        baseType,
        baseGenerator: baseType === 'generated' ? baseGenerators.draw() : null,
        // A generated base keeps the id of the COCO image whose caption prompted it.
        cocoId,
        basePrompt: baseType === 'generated' ? rng.pick(SCENES[scene].captions) : null,
        base,
        turns,
        qualityScore,
        qualityReason,
      });
    }
  }
  return plans;
}

/** Largest channel difference of two pixels. */
function distance(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  return Math.max(Math.abs(a[i] - b[j]), Math.abs(a[i + 1] - b[j + 1]), Math.abs(a[i + 2] - b[j + 2]));
}

/** Minimum channel difference an edit keeps from both the image it edits and the base. */
export const MIN_CHANGE = 12;

/**
 * Ways to move a texture pixel that lands too close to the image it edits or to the base: first
 * a little lighter or darker (invisible as a nudge), as a last resort a large shift of one channel.
 */
const NUDGES: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [24, 24, 24],
  [-24, -24, -24],
  [48, 48, 48],
  [-48, -48, -48],
  [96, 0, 0],
  [0, 96, 0],
  [0, 0, 96],
];

/** Applies one channel of a nudge: luminance steps clamp, the big one-channel shift wraps. */
function nudge(v: number, d: number): number {
  if (d === 96) return (v + 96) & 0xff;
  return v + d < 0 ? 0 : v + d > 255 ? 255 : v + d;
}

/** The rendered pixels of a record (RGB, row-major) and its turns' masks. */
export interface RenderedRecord {
  base: Uint8Array;
  image: Uint8Array;
  turnMasks: Uint8Array[];
}

/** Renders only the unedited base of a record. */
export function renderBase(plan: RecordPlan): Uint8Array {
  return renderTexture(plan.base);
}

/**
 * Renders a record: the base, then each edit painted inside its mask. Where an edit's texture is
 * within {@link MIN_CHANGE} of the image being edited or of the base, the pixel is nudged, so
 * every masked pixel really changes.
 */
export function renderRecord(plan: RecordPlan): RenderedRecord {
  const base = renderBase(plan);
  const image = base.slice();
  const turnMasks: Uint8Array[] = [];
  const candidate = new Uint8Array(3);
  for (const turn of plan.turns) {
    const mask = rasterize(turn.shape);
    const tex = renderTexture(turn.texture, image, mask);
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      const o = p * 3;
      let chosen = false;
      for (let k = 0; k < NUDGES.length && !chosen; k++) {
        const [dr, dg, db] = NUDGES[k];
        candidate[0] = nudge(tex[o], dr);
        candidate[1] = nudge(tex[o + 1], dg);
        candidate[2] = nudge(tex[o + 2], db);
        chosen = distance(candidate, 0, image, o) >= MIN_CHANGE && distance(candidate, 0, base, o) >= MIN_CHANGE;
      }
      // The last three nudges move one channel each by 96 (mod 256): each of the two colours to
      // avoid can be near at most one of them, so one always works.
      if (!chosen) throw new Error(`samples: ${plan.id}: could not change pixel ${p}`);
      image.set(candidate, o);
    }
    turnMasks.push(mask);
  }
  return { base, image, turnMasks };
}

/** Renders a plan into a canonical record (docs/format.md). */
export function toDatasetRecord(plan: RecordPlan): DatasetRecord {
  const { image, turnMasks } = renderRecord(plan);
  const turns: Turn[] = plan.turns.map((t, index) => {
    const rle = encodeRle({ mask: turnMasks[index], height: SIZE, width: SIZE });
    return {
      index,
      generator: t.generator,
      label: labelOfGenerator(t.generator),
      edit_type: t.editType,
      prompt: t.prompt,
      category: t.category,
      object: t.object,
      mask_rle: rle.counts,
      area: rleArea(rle),
      bbox: rleBbox(rle),
    };
  });
  const labelMap = composeLabelMap({ turns, height: SIZE, width: SIZE });
  return {
    id: plan.id,
    split: plan.split,
    image: { bytes: encodePng(image, SIZE, SIZE, 3), path: `${plan.id}.png` },
    mask: { bytes: encodePng(labelMap, SIZE, SIZE, 1), path: `${plan.id}.mask.png` },
    width: SIZE,
    height: SIZE,
    base_type: plan.baseType,
    base_generator: plan.baseGenerator,
    coco_id: plan.cocoId,
    base_prompt: plan.basePrompt,
    turns,
    num_turns: turns.length,
    quality_score: plan.qualityScore,
    quality_reason: plan.qualityReason,
  };
}

/** Every record of the bundled dataset, by split, in id order. */
export function buildSplits(seed = SEED): Record<SampleSplit, DatasetRecord[]> {
  const out: Record<SampleSplit, DatasetRecord[]> = { train: [], validation: [] };
  for (const plan of planDataset(seed)) out[plan.split].push(toDatasetRecord(plan));
  return out;
}
