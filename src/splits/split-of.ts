import { ArgumentError } from '../errors.js';
import { unitHash } from './murmur3.js';
import { checkParams } from '../internal/check-params.js';

/** Side of the seeded train/validation split. */
export type SplitSide = 'train' | 'validation';

/** Seed and ratio of a hash-based split, shared by {@link splitOf} and `splitRecords`. */
export interface SplitParams {
  /**
   * Seed of the split: a safe integer or a string. It is written into the hashed key as
   * `${seed}:${id}`, so `7` and `'7'` give the same split. Integers only, because the decimal
   * form of a fraction or of a huge number differs between JavaScript and Python.
   */
  seed: number | string;
  /**
   * Fraction of ids that go to train, 0..1 inclusive (0 sends everything to validation,
   * 1 everything to train).
   * @default 0.8
   */
  ratio?: number;
}

/** Throws unless the seed and ratio can give a reproducible split; returns the ratio to use. */
export function checkSplitParams(params: SplitParams): number {
  const { seed, ratio = 0.8 } = params;
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError({ message: `splits: seed must be a safe integer or a string, got ${seed}` });
    }
  } else if (typeof seed !== 'string') {
    throw new ArgumentError({ message: `splits: seed must be a safe integer or a string, got ${typeof seed}` });
  }
  if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
    // `!(x >= 0 && x <= 1)` also rejects NaN, which every plain comparison would let through.
    throw new ArgumentError({ message: `splits: ratio must be a number in [0, 1], got ${String(ratio)}` });
  }
  return ratio;
}

/**
 * Side of the seeded train/validation split one id falls on, computed from the id and the seed
 * alone. That makes the split stable when records are added, removed or reordered, and lets a
 * streaming loader place each record as it arrives without holding the others.
 *
 * The rule, reproducible in any language: `u = murmur3_x86_32(utf8("${seed}:${id}"), 0) / 2**32`;
 * the id is `train` when `u < ratio`, else `validation`. In Python:
 * `mmh3.hash(f"{seed}:{id}", 0, signed=False) / 2**32 < ratio`.
 *
 * @throws {ArgumentError} when `id` is not a string, `seed` is neither a safe integer nor a
 * string, or `ratio` is outside [0, 1].
 * @example
 * splitOf({ id: '000123', seed: 42 })              // 'train' or 'validation', always the same
 * splitOf({ id: '000123', seed: 42, ratio: 0.5 })  // a 1:1 split instead of 8:2
 */
export function splitOf(params: SplitParams & { id: string }): SplitSide {
  const ratio = checkSplitParams(checkParams('splitOf', params, ['id', 'seed', 'ratio']));
  if (typeof params.id !== 'string') {
    throw new ArgumentError({ message: `splits: id must be a string, got ${typeof params.id}` });
  }
  return sideOf(params.id, params.seed, ratio);
}

/** The rule itself, without argument checks, for callers that checked once for many ids. */
export function sideOf(id: string, seed: number | string, ratio: number): SplitSide {
  return unitHash(`${seed}:${id}`) < ratio ? 'train' : 'validation';
}
