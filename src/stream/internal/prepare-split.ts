import { ArgumentError } from '../../errors.js';
import { type Dataset, openDataset } from '../../format/open-dataset.js';
import type { RecordShard } from '../../format/open-shard.js';
import { checkSplitRows } from '../../format/check-split-rows.js';
import { pickKeys } from '../../internal/check-params.js';
import { seededRandom } from '../../internal/prng.js';
import { SOURCE_KEYS } from '../../repo/resolve-source.js';
import type { RepoFile } from '../../repo/dataset-source.js';
import type { AnyRecordMetadata } from '../../schema/record.js';
import { RECORD_FILTER_KEYS } from '../../splits/record-filter.js';
import { recordFilterForSplit } from '../../splits/record-filter-for-split.js';
import type { SplitOrderOptions } from '../load-split-options.js';
import type { LoaderState } from '../loader-state.js';
import { orderEpoch } from '../order-epoch.js';
import { ResumeError } from '../resume-error.js';
import { checkLoaderState } from './check-loader-state.js';
import { hexDigest } from './hex-digest.js';
import { mapLimit } from './map-limit.js';
import { worldFromEnv } from './world-from-env.js';
import type { SplitPlan } from '../split-plan.js';

/** Shards opened at once while planning (each open reads a footer: two small requests). */
const OPEN_CONCURRENCY = 8;
/** Row groups whose metadata is read at once in a filter pass. */
const METADATA_CONCURRENCY = 4;
const FILTER_KEYS = RECORD_FILTER_KEYS;

/** The order settings of a read, checked, with environment defaults and a resume applied: the plan's. */
export type OrderSettings = Pick<SplitPlan, 'seed' | 'epoch' | 'shuffle' | 'shuffleBuffer' | 'partition' | 'rank' | 'worldSize' | 'history' | 'start'>;

/** What a read needs before its first sample. */
export interface PreparedSplit {
  layout: Dataset;
  /** Canonical split name. */
  split: string;
  files: RepoFile[];
  settings: OrderSettings;
  /** Keeps a record (built-in filters and `filter`). */
  keep: (record: AnyRecordMetadata) => boolean;
  /** Whether any filter is set. */
  filtered: boolean;
  /** Fingerprint of the filters. */
  filterKey: string;
  /** Content identity of the split's data. */
  revision: string;
  /** The plan and the shards it reads, or `undefined` for a plain file-order read of one rank. */
  planned: { plan: SplitPlan; shards: RecordShard[] } | undefined;
  /** For a plain file-order read: the split's shards when they had to be opened anyway (for the revision), else `undefined` (opened as reached). */
  opened: RecordShard[] | undefined;
}

/**
 * Checks the options, opens the dataset and — unless the read is a plain file-order pass of one
 * rank over a source with a revision (then the first sample needs only the first shard's
 * footer) — opens every shard of the split. A plain file-order pass needs no plan: it streams
 * the files in order, filtering as it goes (its order is the plan's). Any other read runs a
 * metadata pass when filters are set, and computes the plan.
 */
export async function prepareSplit(split: string, options: SplitOrderOptions & { metadataOnly?: boolean }, params: { forcePlan: boolean }): Promise<PreparedSplit> {
  if (typeof split !== 'string' || split === '') throw new ArgumentError({ message: 'loadSplit: split must be a non-empty string, e.g. "validation"' });
  const { signal } = options;
  // First: the state is data from disk, and the order settings take its values.
  const resume = options.resume === undefined ? undefined : checkLoaderState(options.resume);
  const keepBuiltIn = recordFilterForSplit(split, options);
  const filter = options.filter;
  if (filter !== undefined && typeof filter !== 'function') throw new ArgumentError({ message: 'loadSplit: filter must be a function (record) => boolean' });
  const keep = filter ? (r: AnyRecordMetadata) => keepBuiltIn(r) && filter(r) : keepBuiltIn;
  const settings = orderSettings({ ...options, resume });
  const filterParts: [string, unknown][] = FILTER_KEYS.filter((k) => options[k] != null).map((k) => [k, options[k]]);
  // A function cannot be compared with another (two closures over other thresholds print alike):
  // its fingerprint is what it kept, known after the metadata pass of a planned read.
  let filterKey = filterParts.length ? hexDigest(JSON.stringify(filterParts), 16) : 'none';
  const checkFilter = (key: string) => {
    if (resume && resume.filter !== key) {
      throw new ResumeError({ field: 'filter', message: `the state was saved with other filters (fingerprint ${resume.filter}, these give ${key})` });
    }
  };

  const layout = await openDataset({ ...pickKeys(options, SOURCE_KEYS), metadataOnly: options.metadataOnly });
  signal?.throwIfAborted();
  const { name, files } = layout.split(split);
  if (resume) {
    if (resume.split !== name) throw new ResumeError({ field: 'split', message: `the state is of split "${resume.split}", not "${name}"` });
    if (!filter) checkFilter(filterKey);
    reconcile(settings, resume);
  }

  const plain = !params.forcePlan && !settings.shuffle && settings.worldSize === 1 && !resume && !filter;
  const filtered = filterParts.length > 0 || filter !== undefined;
  if (plain && layout.source.revision !== undefined) {
    return { layout, split: name, files, settings, keep, filtered, filterKey, revision: layout.source.revision, planned: undefined, opened: undefined };
  }

  const shards = await mapLimit(files, OPEN_CONCURRENCY, async ({ path }) => {
    signal?.throwIfAborted();
    return layout.openShard({ split: name, path });
  });
  // Every footer is in hand: a split of another size than its card says is refused before any sample.
  checkSplitRows({ layout, split: name, rows: shards.reduce((n, s) => n + s.numRows, 0) });
  const revision =
    layout.source.revision ??
    `sha256:${hexDigest(
      JSON.stringify(files.map((f, i) => [f.path, f.size, shards[i].rowGroups.map((g) => [g.numRows, g.columnBytes])])),
    )}`;
  if (resume && resume.revision !== revision) {
    throw new ResumeError({ field: 'revision', message: `the state is of revision ${resume.revision} of the data, but ${layout.source.name} is now at ${revision}` });
  }
  // Laying out the order costs time in proportion to the split's rows, before the first sample.
  if (plain) return { layout, split: name, files, settings, keep, filtered, filterKey, revision, planned: undefined, opened: shards };

  // Units of reading, in file order, each holding the global row numbers it contributes.
  const units: number[][] = [];
  const unitOf: { file: number; group: number; first: number }[] = [];
  let offset = 0;
  shards.forEach((shard, file) => {
    for (let group = 0; group < shard.rowGroups.length; group++) {
      const { firstRow, numRows } = shard.rowGroups[group];
      unitOf.push({ file, group, first: offset + firstRow });
      units.push(Array.from({ length: numRows }, (_, i) => offset + firstRow + i));
    }
    offset += shard.numRows;
  });
  if (filtered) {
    // A metadata-only pass (no image byte) so that every rank knows how many samples survive the
    // filters everywhere, and the ranks can be made exactly equal.
    await mapLimit(unitOf, METADATA_CONCURRENCY, async ({ file, group, first }, u) => {
      signal?.throwIfAborted();
      const records = await shards[file].readMetadata(group);
      units[u] = [];
      records.forEach((record, i) => {
        if (keep(record)) units[u].push(first + i);
      });
    });
  }
  if (filter) {
    filterKey = hexDigest(JSON.stringify([...filterParts, ['filter', hexDigest(JSON.stringify(units))]]), 16);
    checkFilter(filterKey);
  }
  let lists: number[][];
  try {
    lists = orderEpoch({ units, ...settings });
  } catch (error) {
    if (resume && error instanceof ArgumentError) throw new ResumeError({ field: 'position', message: error.reason, cause: error });
    throw error;
  }
  const plan: SplitPlan = {
    split: name,
    revision,
    filter: filterKey,
    seed: settings.seed,
    epoch: settings.epoch,
    shuffle: settings.shuffle,
    shuffleBuffer: settings.shuffleBuffer,
    partition: settings.partition,
    rank: settings.rank,
    worldSize: settings.worldSize,
    history: settings.history,
    start: settings.start,
    files: files.map((f, i) => ({ path: f.path, rowGroups: shards[i].rowGroups.map((g) => g.numRows) })),
    rows: offset,
    kept: units.reduce((n, u) => n + u.length, 0),
    order: lists[settings.rank],
  };
  if (plan.start > plan.order.length) {
    throw new ResumeError({ field: 'position', message: `position ${plan.start} is past the ${plan.order.length} samples per rank of this epoch` });
  }
  return { layout, split: name, files, settings, keep, filtered, filterKey, revision, planned: { plan, shards }, opened: undefined };
}

/** The seed random transforms see: `seed` itself in epoch 0 (as before epochs existed), else drawn from `(seed, epoch)`. */
export function transformSeed(settings: { seed: number; epoch: number }): number {
  if (settings.epoch === 0) return settings.seed;
  return Math.floor(seededRandom(['diffseg30k/loadSplit/transform', settings.seed, settings.epoch])() * 2 ** 32);
}

function orderSettings(options: SplitOrderOptions): OrderSettings {
  const { rank, worldSize } = worldFromEnv({ rank: options.rank, worldSize: options.worldSize });
  const seed = options.seed ?? options.resume?.seed ?? 0;
  const epoch = options.epoch ?? options.resume?.epoch ?? 0;
  const shuffle = options.shuffle ?? options.resume?.shuffle ?? false;
  const shuffleBuffer = options.shuffleBuffer ?? options.resume?.shuffleBuffer ?? 256;
  const partition = options.partition ?? options.resume?.partition ?? 'pad';
  if (!Number.isSafeInteger(seed)) throw new ArgumentError({ message: `loadSplit: seed must be an integer, got ${seed}` });
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new ArgumentError({ message: `loadSplit: epoch must be an integer ≥ 0, got ${epoch}` });
  if (typeof shuffle !== 'boolean') throw new ArgumentError({ message: `loadSplit: shuffle must be a boolean, got ${typeof shuffle}` });
  if (!Number.isSafeInteger(shuffleBuffer) || shuffleBuffer < 1) throw new ArgumentError({ message: `loadSplit: shuffleBuffer must be an integer ≥ 1, got ${shuffleBuffer}` });
  if (partition !== 'pad' && partition !== 'drop') throw new ArgumentError({ message: `loadSplit: partition must be 'pad' or 'drop', got ${String(partition)}` });
  return { seed, epoch, shuffle, shuffleBuffer, partition, rank, worldSize, history: [], start: 0 };
}

/** Applies a resume state: its order settings win where the options are silent, and must agree where they are not. */
function reconcile(settings: OrderSettings, state: LoaderState): void {
  for (const key of ['seed', 'epoch', 'shuffle', 'shuffleBuffer', 'partition'] as const) {
    if (settings[key] !== state[key]) {
      throw new ResumeError({ field: key, message: `the state has ${key} ${String(state[key])} but the options say ${String(settings[key])} (omit ${key} to take the state's)` });
    }
  }
  if (state.worldSize === settings.worldSize) {
    settings.history = state.history.map((s) => ({ ...s }));
    settings.start = state.position;
  } else {
    // Elastic: what the old ranks left is shared out again among the new ones.
    settings.history = [...state.history.map((s) => ({ ...s })), { worldSize: state.worldSize, position: state.position }];
    settings.start = 0;
  }
}
