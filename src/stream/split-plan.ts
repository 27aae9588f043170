import type { EpochSegment, PartitionMode } from './order-epoch.js';

/**
 * Which samples one rank reads in one epoch, and in what order — a plain JSON value computed from
 * the split's row counts (and, with filters, a metadata-only pass) before any pixel is read.
 * Equal options give an equal plan on every run and machine; see {@link planSplit}.
 */
export interface SplitPlan {
  /** Canonical split name. */
  split: string;
  /** Content identity of the data (Hub commit, or a fingerprint of a local split's files). */
  revision: string;
  /** Fingerprint of the record filters (`none` without any). */
  filter: string;
  /** Shuffle seed. */
  seed: number;
  /** Epoch. */
  epoch: number;
  /** Whether the epoch is permuted. */
  shuffle: boolean;
  /** Samples the per-rank shuffle buffer mixes. */
  shuffleBuffer: number;
  /** How ranks are made equal. */
  partition: PartitionMode;
  /** The rank this plan is for. */
  rank: number;
  /** Ranks reading the current stretch of the epoch. */
  worldSize: number;
  /** Earlier stretches of this epoch read by another number of ranks (elastic resumes), oldest first. */
  history: EpochSegment[];
  /** Index in `order` where this read starts (the resumed position), 0 for a fresh epoch. */
  start: number;
  /** The split's files in order, with the rows of each of their row groups. */
  files: {
    /** Path relative to the dataset's root. */
    path: string;
    /** Rows of each row group, in file order. */
    rowGroups: number[];
  }[];
  /** Rows in the split. */
  rows: number;
  /** Rows the filters keep (= `rows` without filters). */
  kept: number;
  /**
   * This rank's samples, as global row numbers: rows counted through the files in order (row `i`
   * of the second file is `files[0]`'s row count + `i`). All ranks' lists have the same length.
   */
  order: number[];
}
