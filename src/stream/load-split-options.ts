import { keysOf } from '../internal/check-params.js';
import { SOURCE_KEYS, type SourceParams } from '../repo/resolve-source.js';
import type { AnyRecordMetadata } from '../schema/record.js';
import { RECORD_FILTER_KEYS, type RecordFilterOptions } from '../splits/record-filter.js';
import type { Transform } from '../transforms/transform.js';
import type { LoaderState } from './loader-state.js';
import type { PartitionMode } from './order-epoch.js';

/** What fixes the order of an epoch: shared by {@link loadSplit} and {@link format!planSplit}. */
export interface SplitOrderOptions extends RecordFilterOptions, SourceParams {
  /** Keep only the records for which this returns true (after the built-in filters). Must be a pure function of the record. Mask-only records have `turns: null`. */
  filter?: (record: AnyRecordMetadata) => boolean;
  /**
   * Permute the epoch: row groups (and with them shards) in an order drawn from `(seed, epoch)`,
   * then a per-rank shuffle buffer of `shuffleBuffer` samples. Without it, file order.
   * @default false
   */
  shuffle?: boolean;
  /** Seed of the shuffle; also the run seed random transforms see. @default 0 */
  seed?: number;
  /** Epoch number: each epoch has its own permutation (and its own augmentation draws). @default 0 */
  epoch?: number;
  /**
   * Samples the per-rank shuffle buffer mixes. The buffer itself holds row numbers; the reader
   * holds the encoded bytes (never decoded pixels) of at most this many samples, plus the row
   * groups read ahead, that are read but not yet yielded.
   * @default 256
   */
  shuffleBuffer?: number;
  /**
   * This process's rank in a data-parallel group, 0 ≤ rank < worldSize.
   * @default the `RANK` environment variable (set by torchrun and similar launchers), else 0
   */
  rank?: number;
  /**
   * Processes in the group; each reads its own share of the split.
   * @default the `WORLD_SIZE` environment variable, else 1
   */
  worldSize?: number;
  /**
   * When the samples do not divide by `worldSize`: `'pad'` gives the short ranks one repeat of
   * their own first sample (every sample is seen, a few twice — PyTorch's `DistributedSampler`
   * default), `'drop'` leaves out one sample of each long rank (every sample at most once).
   * Either way every rank yields exactly the same count.
   * @default 'pad'
   */
  partition?: PartitionMode;
  /** A state saved from `loadSplit(…).state()`: continue that epoch with the next sample. */
  resume?: LoaderState;
  /** Aborts planning and reading; the stream rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of {@link loadSplit}. The record filters of `RecordFilterOptions` apply too. */
export interface LoadSplitOptions extends SplitOrderOptions {
  /**
   * Read no `image`/`mask` column at all: samples carry metadata only, `image()` rejects, and
   * `labelMap()` is composed from the turns' RLE masks (identical to the stored mask).
   * @default false
   */
  metadataOnly?: boolean;
  /** Stop after this many samples (of this rank). */
  limit?: number;
  /** Transform each sample's image and label map together (see `compose`, `robustnessPreset`). */
  transform?: Transform;
  /**
   * Samples whose image and label map are decoded ahead of the consumer (a photograph's PNG
   * inflating on libuv's thread pool), so decoding overlaps training. Peak memory grows by about
   * this many decoded samples, plus a copy of the compressed stream of each photograph still
   * inflating. `0` decodes only when asked. Ignored with `metadataOnly`.
   * @default 4
   */
  prefetch?: number;
}

/** The keys of {@link SplitOrderOptions}, checked at run time. @internal */
export const SPLIT_ORDER_KEYS = keysOf<SplitOrderOptions>()(
  ...SOURCE_KEYS,
  ...RECORD_FILTER_KEYS,
  'filter',
  'shuffle',
  'seed',
  'epoch',
  'shuffleBuffer',
  'rank',
  'worldSize',
  'partition',
  'resume',
);

/** The keys of {@link LoadSplitOptions}, checked at run time. @internal */
export const LOAD_SPLIT_KEYS = keysOf<LoadSplitOptions>()(...SPLIT_ORDER_KEYS, 'metadataOnly', 'limit', 'transform', 'prefetch');
