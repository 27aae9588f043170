import { ArgumentError, FormatError, RleError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { openDataset } from '../format/open-dataset.js';
import type { SourceParams } from '../repo/resolve-source.js';
import { GENERATORS, type Generator, IGNORE_INDEX, canonicalSplit, generatorOfLabel } from '../schema/labels.js';
import type { Sample } from '../schema/sample.js';
import { loadSplit } from '../stream/load-split.js';
import { AREA_RATIO_EDGES, areaRatioBin } from './area-ratio-bins.js';
import { turnAreas } from './turn-areas.js';

/** The five panels of the paper's Figure 3. */
export type StatisticsPanel = 'a' | 'b' | 'c' | 'd' | 'e';

/** How much of a panel the dataset's layout can give. */
export interface PanelCoverage {
  /** `complete`; `partial` (some of it, said in `reason`); `unavailable` (none: the layout lacks the fields). */
  status: 'complete' | 'partial' | 'unavailable';
  /** Why a panel is partial or unavailable. */
  reason?: string;
}

/** Panel (a): edited-object categories (`turns[].category`). */
export interface CategoryCounts {
  /** Edits counted (every turn of every annotated record). */
  edits: number;
  /** The most edited categories, most first (ties by name), at most `topCategories`. */
  top: {
    /** The category as the records spell it. */
    category: string;
    /** Edits of objects of this category. */
    edits: number;
  }[];
  /** The rest, pooled. */
  other: {
    /** How many categories are pooled. */
    categories: number;
    /** Their edits. */
    edits: number;
  };
  /** Edits whose category is null. */
  uncategorized: number;
  /** Distinct categories seen (counted exactly up to 10,000; past that, new ones go to `other` uncounted as categories). */
  distinct: number;
}

/** Panel (b): mask area / image area, in the fixed bins {@link AREA_RATIO_EDGES}. */
export interface AreaRatioCounts {
  /** The 21 bin edges (20 bins of 5 %). */
  edges: number[];
  /** Each edit's own mask (annotated records), per bin; null when no record has turns. */
  perEdit: number[] | null;
  /** Each generator's region in a label map (mask-only records), per bin; null when there are none. */
  perRegion: number[] | null;
  /** The union of an edited image's edits (every pixel any model changed), per bin; unedited images are left out. */
  perImage: number[];
  /** Per generator: its edits (annotated) or its regions (mask-only), per bin. */
  perGenerator: Record<Generator, number[]>;
  /** Edits with an empty mask (area 0), in no bin. */
  emptyEdits: number;
  /** Mean ratios (null when there is nothing to average). */
  mean: {
    /** Of an edit's own mask (empty masks left out). */
    edit: number | null;
    /** Of a generator's region in a mask-only record's label map. */
    region: number | null;
    /** Of the union per edited image. */
    image: number | null;
  };
}

/** Panel (c): edits per generator and round. */
export interface EditCounts {
  /** Rounds (turn positions) counted: 3, or more when a record has more turns. */
  rounds: number;
  /** Edits per generator per round: `byRound['flux.1'][0]` = FLUX.1's first-round edits (annotated records). */
  byRound: Record<Generator, number[]>;
  /** Edits per generator, all rounds (annotated records). */
  total: Record<Generator, number>;
  /** Images showing each generator: by their turns, or by the label ids in the mask of a mask-only record. */
  imagesWithGenerator: Record<Generator, number>;
}

/** Panel (d): images by number of rounds. */
export interface RoundCounts {
  /** Images per number of turns, `{ 0: …, 1: …, 2: …, 3: … }` (0 = unedited). */
  byNumTurns: Record<number, number>;
  /** Unedited images (no turns): negatives. */
  negatives: number;
  /** Edited images. */
  edited: number;
  /** The 1-, 2-, 3-round counts over the 1-round count (the paper's "1 : 4 : 5"); null without 1-round images. */
  ratio: number[] | null;
}

/** Panel (e): base images. */
export interface BaseImageCounts {
  /** Images edited from a real photograph (COCO). */
  real: number;
  /** Images edited from a generated base. */
  generated: number;
  /** Generated bases per model that made them (`base_generator`; `unknown` when null). */
  byBaseGenerator: Record<string, number>;
}

/** What {@link datasetStatistics} returns: the numbers of the paper's Figure 3, as plain JSON. */
export interface DatasetStatistics {
  /** The dataset, as messages name it. */
  source: string;
  /** The card's `pretty_name`, when it has one. */
  title: string | undefined;
  /** The splits counted, in order. */
  splits: {
    /** Split name. */
    name: string;
    /** Records counted in it. */
    records: number;
  }[];
  /** Records counted, all splits. */
  records: number;
  /** Records with turn metadata (negatives included). */
  annotated: number;
  /** Records of layouts with only an image and a mask (turns unknown). */
  maskOnly: number;
  /** Which panels the layout can give, and why not. */
  coverage: Record<StatisticsPanel, PanelCoverage>;
  /** (a) Edited-object categories; null when no record has turns. */
  categories: CategoryCounts | null;
  /** (b) Mask area ratio. */
  areaRatio: AreaRatioCounts;
  /** (c) Edits per generator and round. */
  edits: EditCounts;
  /** (d) Images by number of rounds; null when no record has turns. */
  rounds: RoundCounts | null;
  /** (e) Real vs generated base images; null when no record has turns. */
  baseImages: BaseImageCounts | null;
}

const MAX_CATEGORIES = 10_000;
const BINS = AREA_RATIO_EDGES.length - 1;
const zeros = () => new Array<number>(BINS).fill(0);
const perGenerator = <T>(make: () => T) => Object.fromEntries(GENERATORS.map((g) => [g, make()])) as Record<Generator, T>;

/**
 * The numbers of the paper's Figure 3 — (a) edited-object categories, (b) mask area ratios, (c)
 * edits per generator and round, (d) images by number of rounds, (e) real vs generated bases — from
 * one pass over the chosen splits (all by default) of any source. For the canonical layout the pass
 * reads metadata only: not one image or mask byte, the areas coming from the turns' RLE runs.
 * Layouts with only an image and a mask (the authors' zip release) have no turns: their masks are
 * read (one at a time) and give (b) per generator region and (c) as images per generator; which
 * panels cannot be given, and why, is in `coverage`. Memory stays bounded whatever the size: counts
 * only, no record is kept.
 * {@link statisticsFigure} draws the figure, {@link writeStatistics} writes it with the JSON and tables.
 *
 * @param params.splits - the splits to count (`val` is `validation`). @default every split
 * @param params.topCategories - categories shown by name in (a); the rest are pooled as `other`. @default 10
 * @param params.onProgress - called after each record with the count done and the total the card
 *   announces (undefined when it does not say).
 * @throws {ArgumentError} for a `topCategories` that is not a positive integer; what
 *   {@link loadSplit} throws for an unknown split or a bad record; {@link FormatError} naming the
 *   file and record for a turn whose RLE does not fit the image.
 * @example
 * const stats = await datasetStatistics({ source: 'samples' });
 * console.log(stats.rounds?.ratio); // e.g. [1, 4.2, 5.1]
 */
export async function datasetStatistics(params: SourceParams & {
  splits?: readonly string[];
  topCategories?: number;
  onProgress?: (done: number, total: number | undefined) => void;
}): Promise<DatasetStatistics> {
  checkParams('datasetStatistics', params, ['source', 'cwd', 'signal', 'hub', 'labelOrder', 'splits', 'topCategories', 'onProgress']);
  const topCategories = params.topCategories ?? 10;
  if (!Number.isInteger(topCategories) || topCategories < 1) {
    throw new ArgumentError({ message: `datasetStatistics: topCategories must be a positive integer, got ${params.topCategories}` });
  }
  const { source, cwd, signal, hub, labelOrder } = params;
  const layout = await openDataset({ source, cwd, signal, hub, labelOrder, metadataOnly: true });
  const wanted = params.splits?.map(canonicalSplit);
  const splits = wanted ? wanted.map((name) => layout.splits.find((s) => s.name === name) ?? { name, num_examples: undefined }) : layout.splits;
  const announced = splits.map((s) => s.num_examples);
  const total = announced.every((n) => n !== undefined) ? announced.reduce((a, b) => a! + b!, 0) : undefined;

  const categories = new Map<string, number>();
  let uncategorized = 0;
  let untracked = 0;
  const area = {
    perEdit: zeros(),
    perRegion: zeros(),
    perImage: zeros(),
    perGenerator: perGenerator(zeros),
    emptyEdits: 0,
    sums: { edit: 0, region: 0, image: 0 },
    counts: { edit: 0, region: 0, image: 0 },
  };
  const byRound = perGenerator(() => [0, 0, 0]);
  const imagesWithGenerator = perGenerator(() => 0);
  const byNumTurns: Record<number, number> = {};
  const base = { real: 0, generated: 0, byBaseGenerator: {} as Record<string, number> };
  let annotated = 0;
  let maskOnly = 0;
  let done = 0;
  const counted: { name: string; records: number }[] = [];

  const addRatio = (kind: 'edit' | 'region' | 'image', bins: number[], pixels: number, value: number) => {
    bins[areaRatioBin({ area: value, pixels })]++;
    area.sums[kind] += value / pixels;
    area.counts[kind]++;
  };

  // A mask-only record: its label map is all it has. Each generator's pixels are one region.
  const countMaskOnly = async (s: Sample) => {
    const labels = await s.labelMap();
    const histogram = new Float64Array(256);
    for (let i = 0; i < labels.length; i++) histogram[labels[i]]++;
    const pixels = s.width * s.height;
    for (let v = 1; v < IGNORE_INDEX; v++) {
      const g = generatorOfLabel(v);
      if (!histogram[v] || !g) continue;
      imagesWithGenerator[g]++;
      addRatio('region', area.perRegion, pixels, histogram[v]);
      area.perGenerator[g][areaRatioBin({ area: histogram[v], pixels })]++;
    }
    const edited = pixels - histogram[0] - histogram[IGNORE_INDEX];
    if (edited > 0) addRatio('image', area.perImage, pixels, edited);
  };

  for (const split of splits) {
    let records = 0;
    for await (const s of loadSplit(split.name, { source: layout.source, labelOrder, signal, metadataOnly: true, rank: 0, worldSize: 1 })) {
      records++;
      if (s.turns === null) {
        maskOnly++;
        await countMaskOnly(s);
        params.onProgress?.(++done, total);
        continue;
      }
      annotated++;
      byNumTurns[s.num_turns] = (byNumTurns[s.num_turns] ?? 0) + 1;
      if (s.base_type === 'real') base.real++;
      else {
        base.generated++;
        const by = s.base_generator ?? 'unknown';
        base.byBaseGenerator[by] = (base.byBaseGenerator[by] ?? 0) + 1;
      }
      for (const g of new Set(s.turns.map((t) => t.generator))) imagesWithGenerator[g]++;
      let areas: { areas: number[]; union: number };
      try {
        areas = turnAreas({ masks: s.turns.map((t) => t.mask_rle), height: s.height, width: s.width });
      } catch (error) {
        if (!(error instanceof RleError)) throw error;
        throw new FormatError({ module: 'stats', file: s.file, message: `record ${s.id}: mask_rle of turn ${error.context.turn}: ${error.reason} (the image is ${s.width}×${s.height})`, cause: error });
      }
      const pixels = s.width * s.height;
      s.turns.forEach((t, i) => {
        const row = byRound[t.generator];
        while (row.length <= i) row.push(0);
        row[i]++;
        if (t.category === null) uncategorized++;
        else if (categories.has(t.category) || categories.size < MAX_CATEGORIES) categories.set(t.category, (categories.get(t.category) ?? 0) + 1);
        else untracked++;
        if (areas.areas[i] === 0) {
          area.emptyEdits++;
          return;
        }
        addRatio('edit', area.perEdit, pixels, areas.areas[i]);
        area.perGenerator[t.generator][areaRatioBin({ area: areas.areas[i], pixels })]++;
      });
      if (areas.union > 0) addRatio('image', area.perImage, pixels, areas.union);
      params.onProgress?.(++done, total);
    }
    counted.push({ name: split.name, records });
  }

  // Every generator's row as long as the longest (a table, not ragged arrays).
  const rounds = Math.max(3, ...Object.values(byRound).map((row) => row.length));
  for (const row of Object.values(byRound)) while (row.length < rounds) row.push(0);
  const hasTurns = annotated > 0;
  const ranked = [...categories].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rest = ranked.slice(topCategories);
  const numTurns = (n: number) => byNumTurns[n] ?? 0;
  const title = layout.card?.data.pretty_name;
  const mean = (kind: 'edit' | 'region' | 'image') => (area.counts[kind] ? area.sums[kind] / area.counts[kind] : null);

  return {
    source: layout.source.name,
    title: typeof title === 'string' ? title : undefined,
    splits: counted,
    records: annotated + maskOnly,
    annotated,
    maskOnly,
    coverage: coverageOf({ annotated, maskOnly }),
    categories: hasTurns
      ? {
          edits: ranked.reduce((n, [, c]) => n + c, 0) + untracked + uncategorized,
          top: ranked.slice(0, topCategories).map(([category, edits]) => ({ category, edits })),
          other: { categories: rest.length, edits: rest.reduce((n, [, c]) => n + c, 0) + untracked },
          uncategorized,
          distinct: categories.size,
        }
      : null,
    areaRatio: {
      edges: [...AREA_RATIO_EDGES],
      perEdit: hasTurns ? area.perEdit : null,
      perRegion: maskOnly > 0 ? area.perRegion : null,
      perImage: area.perImage,
      perGenerator: area.perGenerator,
      emptyEdits: area.emptyEdits,
      mean: { edit: mean('edit'), region: mean('region'), image: mean('image') },
    },
    edits: {
      rounds,
      byRound,
      total: Object.fromEntries(GENERATORS.map((g) => [g, byRound[g].reduce((a, b) => a + b, 0)])) as Record<Generator, number>,
      imagesWithGenerator,
    },
    rounds: hasTurns
      ? {
          byNumTurns,
          negatives: numTurns(0),
          edited: annotated - numTurns(0),
          ratio: numTurns(1) ? [1, 2, 3].map((n) => numTurns(n) / numTurns(1)) : null,
        }
      : null,
    baseImages: hasTurns ? base : null,
  };
}

/** What each panel can show for records with and without turns. */
function coverageOf(params: { annotated: number; maskOnly: number }): Record<StatisticsPanel, PanelCoverage> {
  const { annotated, maskOnly } = params;
  if (maskOnly === 0) return { a: { status: 'complete' }, b: { status: 'complete' }, c: { status: 'complete' }, d: { status: 'complete' }, e: { status: 'complete' } };
  const layout = 'this layout has only an image and a mask per record (as the authors\' zip release)';
  if (annotated === 0) {
    return {
      a: { status: 'unavailable', reason: `${layout}: no edited-object categories` },
      b: { status: 'partial', reason: `${layout}: areas are of each generator's region in the mask, not of each edit (a later edit hides what it overlaps; two edits by one generator are one region)` },
      c: { status: 'partial', reason: `${layout}: the round of an edit is unknown; images per generator (from the masks) instead of edits per round` },
      d: { status: 'unavailable', reason: `${layout}: the number of rounds is unknown, and an unedited image cannot be told from one whose mask is empty` },
      e: { status: 'unavailable', reason: `${layout}: whether the base image is real or generated is unknown` },
    };
  }
  const some = `${maskOnly} of ${annotated + maskOnly} records have no turns (mask-only)`;
  return {
    a: { status: 'partial', reason: `${some}: not counted` },
    b: { status: 'partial', reason: `${some}: counted as regions of their masks` },
    c: { status: 'partial', reason: `${some}: in images per generator only` },
    d: { status: 'partial', reason: `${some}: not counted` },
    e: { status: 'partial', reason: `${some}: not counted` },
  };
}
