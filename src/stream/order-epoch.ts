import { ArgumentError } from '../errors.js';
import { seededRandom } from '../internal/prng.js';

/** How ranks are made equal when the rows do not divide by the world size. */
export type PartitionMode = 'drop' | 'pad';

/** One stretch of an epoch read by a fixed number of ranks (an elastic resume starts a new one). */
export interface EpochSegment {
  /** Ranks that read this stretch. */
  worldSize: number;
  /** Samples each rank had yielded in it when it ended. */
  position: number;
}

/** Parameters of {@link orderEpoch}: everything the order depends on, and nothing else. */
export interface OrderEpochParams {
  /**
   * The rows to cover, grouped by unit of reading (a row group), units in file order; each
   * row is a global row number. Rows a filter drops are simply absent; a unit may be empty.
   */
  units: readonly (readonly number[])[];
  /** Permute units and rows. */
  shuffle: boolean;
  /** Shuffle seed. */
  seed: number;
  /** Epoch: a different permutation each. */
  epoch: number;
  /** Rows the per-rank shuffle buffer mixes (≥ 1). */
  shuffleBuffer: number;
  /** `'pad'` repeats a rank's first row, `'drop'` leaves out a rank's last row, to equalize ranks. */
  partition: PartitionMode;
  /** Segments that came before the current one (elastic resumes), oldest first. */
  history: readonly EpochSegment[];
  /** Ranks of the current segment. */
  worldSize: number;
}

/**
 * The order in which each rank reads one epoch: a pure function of its parameters, computed from
 * row counts alone before any byte of pixels is read.
 *
 * 1. Units (row groups) are permuted by `(seed, epoch)` when `shuffle` is set — which permutes
 *    the shards and the row groups inside them in one go; rows follow in file order.
 * 2. That sequence is cut into `worldSize` contiguous spans whose lengths differ by at most one,
 *    so each rank reads its own row groups (at most one is shared with each neighbour). Ranks
 *    with the shorter span repeat their own first row (`pad`), or ranks with the longer span
 *    leave out their last row (`drop`): every rank gets exactly the same count.
 * 3. With `shuffle`, each rank passes its span through a seeded shuffle buffer of
 *    `shuffleBuffer` rows (tf.data's and `datasets`' algorithm, run here on row numbers).
 *
 * After an elastic resume (`history` non-empty) the rows that every rank of the previous segment
 * had not yet yielded — each row once, in the previous ranks' order — are cut again into
 * `worldSize` spans, so the rest of the epoch is still covered exactly once.
 *
 * @returns one row list per rank of the current segment, all of the same length.
 * @throws {ArgumentError} when a segment's position is past the rows its ranks had.
 * @example
 * const lists = orderEpoch({ units: [[0, 1, 2], [3, 4]], shuffle: true, seed: 0, epoch: 1,
 *   shuffleBuffer: 8, partition: 'pad', history: [], worldSize: 2 });
 * // lists[0] and lists[1]: 3 rows each, together every row (one of them twice)
 */
export function orderEpoch(params: OrderEpochParams): number[][] {
  const { units, shuffle, seed, epoch, shuffleBuffer, partition, history, worldSize } = params;
  const order = units.map((_, i) => i);
  if (shuffle) shuffleInPlace(order, seededRandom(['diffseg30k/loadSplit/units', seed, epoch]));
  let sequence: number[] = [];
  for (const u of order) for (const row of units[u]) sequence.push(row);

  const segments = [...history, { worldSize, position: 0 }];
  let lists: number[][] = [];
  for (let s = 0; s < segments.length; s++) {
    const { worldSize: ranks } = segments[s];
    lists = Array.from({ length: ranks }, (_, rank) => span(sequence, ranks, rank, partition));
    // The buffer mixes once, when the epoch is first laid out; a later segment reads rows that
    // are already in shuffled order.
    if (shuffle && s === 0) {
      lists = lists.map((list, rank) => bufferShuffle(list, shuffleBuffer, seededRandom(['diffseg30k/loadSplit/buffer', seed, epoch, ranks, rank])));
    }
    if (s === segments.length - 1) break;
    const done = segments[s].position;
    const length = lists[0]?.length ?? 0;
    if (done > length) {
      throw new ArgumentError({ module: 'loadSplit', context: { verb: 'resume' }, message: `position ${done} is past the ${length} samples per rank of that epoch with ${ranks} ranks` });
    }
    const consumed = new Set<number>();
    for (const list of lists) for (let i = 0; i < done; i++) consumed.add(list[i]);
    const rest: number[] = [];
    for (const list of lists) {
      for (let i = done; i < list.length; i++) {
        // A padded repeat of a row already yielded (or already queued) is not left to do.
        if (!consumed.has(list[i])) {
          consumed.add(list[i]);
          rest.push(list[i]);
        }
      }
    }
    sequence = rest;
  }
  return lists;
}

/** Rank `rank`'s contiguous share of `sequence`, equalized by `mode`. */
function span(sequence: readonly number[], ranks: number, rank: number, mode: PartitionMode): number[] {
  const n = sequence.length;
  const base = Math.floor(n / ranks);
  const extra = n % ranks;
  const start = rank * base + Math.min(rank, extra);
  const list = sequence.slice(start, start + base + (rank < extra ? 1 : 0));
  if (extra === 0) return list;
  if (mode === 'drop') return list.slice(0, base);
  if (rank >= extra) list.push(list.length > 0 ? list[0] : sequence[rank % n]);
  return list;
}

/** Fisher–Yates. */
function shuffleInPlace(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * A streaming shuffle buffer: fill `size` slots, then each incoming item takes the place of a
 * random slot whose item goes out; the last `size` leave in random order. An item leaves at most
 * `size` places before it would have, so reading in this order holds at most `size` rows (plus
 * the rest of one row group) that are read but not yet yielded.
 */
function bufferShuffle(items: readonly number[], size: number, random: () => number): number[] {
  const out: number[] = [];
  const slots: number[] = [];
  for (const item of items) {
    if (slots.length < size) {
      slots.push(item);
      continue;
    }
    const j = Math.floor(random() * size);
    out.push(slots[j]);
    slots[j] = item;
  }
  shuffleInPlace(slots, random);
  for (const item of slots) out.push(item);
  return out;
}
