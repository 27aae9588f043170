import { ArgumentError } from '../errors.js';
import { createSample } from '../sample/create-sample.js';
import { transformSample } from '../sample/transform-sample.js';
import type { Sample } from '../schema/sample.js';
import { LOAD_SPLIT_KEYS, type LoadSplitOptions } from './load-split-options.js';
import type { LoaderState } from './loader-state.js';
import { type PreparedSplit, prepareSplit, transformSeed } from './internal/prepare-split.js';
import { readInFileOrder } from './internal/read-in-file-order.js';
import { readPlanned } from './internal/read-planned.js';
import { checkLoaderState } from './internal/check-loader-state.js';
import { checkOptions } from '../internal/check-params.js';

export type { LoadSplitOptions } from './load-split-options.js';

/** What {@link loadSplit} returns: an async iterator of samples that can say where it stands. */
export interface SplitStream extends AsyncGenerator<Sample, void, undefined> {
  /**
   * Where this read of the epoch stands, after the samples yielded so far: pass it back as
   * `resume` to continue with the next one. Known once the first `next()` has settled (or at
   * once when resuming).
   * @throws {ArgumentError} when called before the stream has started and without `resume`.
   */
  state(): LoaderState;
}

/**
 * Streams one split of a DiffSeg30k dataset as {@link Sample}s: metadata as plain fields,
 * pixels decoded lazily — and `prefetch` samples ahead, photographs inflating on libuv's thread
 * pool, so decoding overlaps the consumer.
 *
 * For training it shuffles, partitions and resumes. The order of an epoch is a pure function of
 * the data's revision, `(seed, epoch)`, `(rank, worldSize)` and the filters: with
 * `shuffle: true` row groups are permuted and a per-rank shuffle buffer mixes samples; every
 * rank reads its own contiguous share of row groups and yields exactly as many samples as every
 * other (`partition: 'pad' | 'drop'`); `rank`/`worldSize` default to the `RANK`/`WORLD_SIZE`
 * environment variables. `state()` on the returned stream is a small JSON value;
 * `loadSplit(split, { ...options, resume: state })` continues with the next sample — with the
 * same or (elastic) another `worldSize`.
 *
 * `val` is an alias of `validation`. Filters (`minQuality`, `numTurns`, `generators`,
 * `editTypes`, `baseType`, `negatives`, `holdout`, `filter`) select records as the paper's
 * protocols do; with a `holdout`, `train` yields the train side and any other split the test
 * side. With filters set and several ranks, shuffling or resuming, a metadata-only pass counts
 * the kept records first so that ranks stay exactly equal.
 *
 * @throws {DiffsegError} `NOT_A_DATASET` / `SPLIT_NOT_FOUND` for a wrong source or split;
 *   `FormatError` / `SchemaError` naming the shard, row group and record for bad data;
 *   {@link ResumeError} (`RESUME_INVALID`) for a state of another split, revision or filters.
 * @example
 * import { loadSplit } from 'diffseg30k';
 * for await (const s of loadSplit('val', { source: 'samples' })) {
 *   const labels = await s.labelMap(); // 0 background, 1..8 generators
 *   console.log(s.id, s.num_turns, s.turns.map((t) => t.generator));
 * }
 * @example
 * // One rank of a data-parallel run (RANK / WORLD_SIZE from torchrun), resumable.
 * const samples = loadSplit('train', { source: dir, shuffle: true, seed: 0, epoch, resume: saved });
 * for await (const s of samples) { await step(s); if (timeToSave) save(samples.state()); }
 */
export function loadSplit(split: string, options: LoadSplitOptions = {}): SplitStream {
  options = checkOptions('loadSplit', options, LOAD_SPLIT_KEYS);
  let prepared: PreparedSplit | undefined;
  let yielded = 0;

  const state = (): LoaderState => {
    if (!prepared) {
      if (options.resume) return checkLoaderState(options.resume); // a copy of the state's fields, checked
      throw new ArgumentError({ message: 'loadSplit: state() is known once the stream has started (after the first next())' });
    }
    const { settings } = prepared;
    return {
      version: 1,
      split: prepared.split,
      revision: prepared.revision,
      filter: prepared.filterKey,
      seed: settings.seed,
      epoch: settings.epoch,
      shuffle: settings.shuffle,
      shuffleBuffer: settings.shuffleBuffer,
      partition: settings.partition,
      worldSize: settings.worldSize,
      position: settings.start + yielded,
      history: settings.history.map((s) => ({ ...s })),
    };
  };

  async function* run(): AsyncGenerator<Sample, void, undefined> {
    const { limit, metadataOnly = false, transform, signal } = options;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new ArgumentError({ message: `loadSplit: limit must be a non-negative integer, got ${limit}` });
    }
    const prefetch = options.prefetch ?? 4;
    if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > 1 << 16) {
      throw new ArgumentError({ message: `loadSplit: prefetch must be an integer from 0 to 65536, got ${prefetch}` });
    }
    const ready = await prepareSplit(split, options, { forcePlan: false });
    prepared = ready;
    if (limit === 0) return;
    const items = ready.planned
      ? readPlanned({ ...ready.planned, metadataOnly, signal, wanted: limit })
      : readInFileOrder({ layout: ready.layout, split: ready.split, files: ready.files, keep: ready.keep, metadataOnly, signal, opened: ready.opened, wanted: limit });
    const seed = transformSeed(ready.settings);
    const decodeAhead = metadataOnly ? 0 : prefetch;

    // Samples handed out in order; the next `decodeAhead` are already decoding.
    const window: Sample[] = [];
    let exhausted = false;
    const fill = async (want: number) => {
      while (!exhausted && window.length < want) {
        const next = await items.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const plain = createSample(next.value);
        const sample = transform ? transformSample({ sample: plain, transform, seed }) : plain;
        if (decodeAhead > 0) {
          // Started now, awaited by the consumer; a failure surfaces when it asks.
          sample.image().catch(() => undefined);
          sample.labelMap().catch(() => undefined);
        }
        window.push(sample);
      }
    };
    try {
      while (limit === undefined || yielded < limit) {
        // The first sample goes out as soon as it is read: decoding the next `prefetch` first
        // (on this thread, for small images) would only delay it. The window fills from the second on.
        const ahead = yielded === 0 ? 0 : decodeAhead;
        await fill(Math.max(1, limit === undefined ? ahead + 1 : Math.min(ahead + 1, limit - yielded)));
        if (window.length === 0) return;
        signal?.throwIfAborted();
        yielded++;
        yield window.shift()!;
      }
    } finally {
      // An early break, an abort or an error: stop the reader (its pending reads are caught).
      await items.return(undefined);
    }
  }

  return Object.assign(run(), { state });
}
