import type { EpochSegment, PartitionMode } from './order-epoch.js';

/**
 * Where a read of one epoch stands — what `loadSplit(…).state()` returns and `resume` takes back.
 * A small JSON value: save it with a checkpoint (`JSON.stringify`), and
 * `loadSplit(split, { ...options, resume: state })` continues with the next sample, nothing lost
 * and nothing repeated. Every rank of a data-parallel run yields the same number of samples, so
 * the state of any rank (rank 0's, by custom) describes the whole group.
 */
export interface LoaderState {
  /** Format of this object. */
  version: 1;
  /** Canonical split name (`validation`, not `val`). */
  split: string;
  /**
   * Content identity of the split's data: the Hub commit, or for a local directory a
   * fingerprint of the split's files (paths, sizes, row groups' row counts and column sizes).
   */
  revision: string;
  /** Fingerprint of the record filters (`none` without any). */
  filter: string;
  /** Shuffle seed. */
  seed: number;
  /** Epoch being read. */
  epoch: number;
  /** Whether the epoch is shuffled. */
  shuffle: boolean;
  /** Shuffle buffer, in samples. */
  shuffleBuffer: number;
  /** How ranks were equalized. */
  partition: PartitionMode;
  /** Ranks reading now. */
  worldSize: number;
  /** Samples each rank has yielded since the current world size started reading this epoch. */
  position: number;
  /** Earlier stretches of the epoch read by another number of ranks (elastic resumes), oldest first. */
  history: EpochSegment[];
}

/**
 * Bounds of a {@link LoaderState} that `resume` accepts, checked before anything is sized by it:
 * a saved state is data from disk, and a huge `worldSize` or an endless `history` must be a
 * `ResumeError`, not a `RangeError` or an exhausted heap.
 */
export const LOADER_STATE_LIMITS = {
  /** Most ranks of a data-parallel group (also the most `worldSize` takes as an option). */
  worldSize: 65536,
  /** Most samples a rank can have yielded (`position`, and each segment's of `history`). */
  position: 2 ** 40,
  /** Most earlier stretches of an epoch (elastic resumes within one epoch). */
  history: 256,
  /** Longest `split`, `revision` and `filter` string. */
  text: 256,
} as const;
