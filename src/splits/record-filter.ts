import { ArgumentError } from '../errors.js';
import {
  BASE_TYPES,
  type BaseType,
  EDIT_TYPES,
  type EditType,
  GENERATORS,
  type Generator,
} from '../schema/labels.js';
import type { Turn } from '../schema/record.js';
import type { HeldOut } from './holdout-presets.js';
import { type HoldoutSide, describeRecord, hasHeldOutTurn } from './holdout-side.js';
import { resolveHoldout } from './resolve-holdout.js';
import { checkOptions, keysOf } from '../internal/check-params.js';

/**
 * Which records to keep. Every option is optional; an absent (or `undefined`) option keeps
 * everything. Options combine with AND.
 *
 * Negatives (unedited images, no turns) are governed by `negatives` and `baseType` only. The
 * edit filters — `minQuality`, `numTurns`, `generators`, `editTypes` — describe edits, and a
 * negative has none to judge: this is what the paper does when it keeps edits scored ≥ 3 *and*
 * adds 5k unscored real COCO images as negatives. So `{ minQuality: 3 }` keeps every negative,
 * and `{ generators: ['sd2'], negatives: false }` is "images with an SD2 edit" and nothing else.
 *
 * Keys this type does not know are ignored, so a `loadSplit` options object can be passed as is.
 */
export interface RecordFilterOptions {
  /**
   * Keep edited images whose `quality_score` is ≥ this (0–5; the paper keeps ≥ 3). An edited
   * image with a null score is dropped when this is set — nothing shows it meets the bar — and
   * kept when it is not. Negatives are never judged by quality.
   */
  minQuality?: number;
  /**
   * Keep edited images with this many turns (a number or a list, integers ≥ 0). The count is
   * the length of `turns`. `0` matches no edited image, so `{ numTurns: 0 }` keeps only negatives.
   */
  numTurns?: number | readonly number[];
  /** Keep edited images with at least one turn by one of these generators. */
  generators?: Generator | readonly Generator[];
  /** Keep edited images with at least one turn of one of these edit types. */
  editTypes?: EditType | readonly EditType[];
  /** Keep images (negatives included) whose base image is of this type (`real` | `generated`). */
  baseType?: BaseType | readonly BaseType[];
  /**
   * Keep unedited images (no turns).
   * @default true
   */
  negatives?: boolean;
  /**
   * A cross-generator holdout (a preset of `HOLDOUT_PRESETS` or a list of generators): keep one
   * side of it, chosen by `holdoutSide`. Negatives are on the train side.
   */
  holdout?: HeldOut;
  /**
   * Which side of `holdout` to keep. Only valid together with `holdout`. `recordFilterForSplit`
   * derives it from the split name when it is not given.
   * @default 'train'
   */
  holdoutSide?: HoldoutSide;
}

/**
 * The fields of a record the filters read; full records and `Sample`s have them all. A mask-only
 * record (`turns: null`, its turns unknown) has the generators its label map shows instead.
 */
export type FilterableRecord =
  | {
      /** The record's edits; empty for an unedited negative. */
      readonly turns: readonly Pick<Turn, 'generator' | 'edit_type'>[];
      /** VLM quality score 0–5, or null when not scored. */
      readonly quality_score: number | null;
      /** Origin of the base image. */
      readonly base_type: BaseType;
    }
  | {
      /** Unknown: a mask-only record. */
      readonly turns: null;
      /** Generators whose label id occurs in the mask. */
      readonly generators: readonly Generator[];
      /** Names the record in an error. */
      readonly id?: string;
    };

/** A record predicate built by {@link recordFilter}. */
export type RecordPredicate = (record: FilterableRecord) => boolean;

/** The keys of {@link RecordFilterOptions}, checked at run time. @internal */
export const RECORD_FILTER_KEYS = keysOf<RecordFilterOptions>()('minQuality', 'numTurns', 'generators', 'editTypes', 'baseType', 'negatives', 'holdout', 'holdoutSide');

/**
 * Builds a predicate from filter options, checking every option once up front so that a bad
 * value fails before any data is read rather than after a long scan. Use it on a stream
 * (`loadSplit` does) or with `Array.prototype.filter`; `filterRecords` is the array shorthand.
 *
 * @throws {ArgumentError} on a bad option: `minQuality` outside 0–5, a `numTurns` that is not an
 * integer ≥ 0, an unknown generator, edit type, base type or holdout, an empty list, a
 * non-boolean `negatives`, or `holdoutSide` without `holdout`. The message lists the valid values.
 * @example
 * import { recordFilter } from 'diffseg30k';
 * const keep = recordFilter({ minQuality: 3, negatives: true });      // the paper's training set
 * const edited = records.filter(recordFilter({ negatives: false, numTurns: [2, 3] }));
 * const seen = recordFilter({ holdout: 'glide+kolors' });             // train side of a holdout
 */
export function recordFilter(options: RecordFilterOptions = {}): RecordPredicate {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError({ message: `splits: filter options must be an object, got ${options === null ? 'null' : typeof options}` });
  }
  checkOptions('recordFilter', options, RECORD_FILTER_KEYS);
  const minQuality = checkMinQuality(options.minQuality);
  const numTurns = checkNumTurns(options.numTurns);
  const generators = checkEnum('generators', 'generator', options.generators, GENERATORS);
  const editTypes = checkEnum('editTypes', 'edit type', options.editTypes, EDIT_TYPES);
  const baseTypes = checkEnum('baseType', 'base type', options.baseType, BASE_TYPES);
  const negatives = checkNegatives(options.negatives);
  const holdout = options.holdout == null ? undefined : new Set(resolveHoldout(options.holdout));
  const side = checkSide(options.holdoutSide, holdout !== undefined);

  // Options that need what a mask-only layout does not have (turns, base, quality).
  const needTurns = Object.entries({ minQuality, numTurns, editTypes, baseType: baseTypes, negatives: options.negatives })
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return (record) => {
    const turns = record?.turns;
    if (turns === null && Array.isArray((record as { generators?: unknown }).generators)) {
      if (needTurns.length) {
        throw new ArgumentError({ message: `splits: ${needTurns.join(', ')} need${needTurns.length === 1 ? 's' : ''} per-turn metadata, but record ${describeRecord(record)} is mask-only ` +
            '(this layout publishes only an image and a mask; its turns, base and quality are unknown). generators and holdout work, from the label map.' });
      }
      const present = (record as { generators: readonly Generator[] }).generators;
      if (holdout && (hasHeldOutTurn(record, holdout) ? 'test' : 'train') !== side) return false;
      if (generators && !present.some((g) => generators.has(g))) return false;
      return true;
    }
    if (!Array.isArray(turns)) {
      throw new ArgumentError({ message: `splits: record ${describeRecord(record)} has no turns array` });
    }
    const r = record as Extract<FilterableRecord, { base_type: BaseType }>;
    if (baseTypes && !baseTypes.has(r.base_type)) return false;
    if (holdout && (hasHeldOutTurn(r, holdout) ? 'test' : 'train') !== side) return false;
    if (turns.length === 0) return negatives;
    if (minQuality !== undefined && !(typeof r.quality_score === 'number' && r.quality_score >= minQuality)) {
      return false;
    }
    if (numTurns && !numTurns.has(turns.length)) return false;
    if (generators && !turns.some((t) => generators.has(t.generator))) return false;
    if (editTypes && !turns.some((t) => editTypes.has(t.edit_type))) return false;
    return true;
  };
}

function checkMinQuality(value: unknown): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'number' || !(value >= 0 && value <= 5)) {
    throw new ArgumentError({ message: `splits: minQuality must be a number in [0, 5] (quality scores are 0–5), got ${String(value)}` });
  }
  return value;
}

function checkNumTurns(value: unknown): Set<number> | undefined {
  if (value == null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new ArgumentError({ message: 'splits: numTurns must not be an empty list (it would keep no edited image)' });
  for (const n of list) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new ArgumentError({ message: `splits: numTurns must be integers ≥ 0, got ${String(n)}` });
    }
  }
  return new Set(list as number[]);
}

function checkEnum<T extends string>(
  option: string,
  what: string,
  value: T | readonly T[] | undefined,
  valid: readonly T[],
): Set<string> | undefined {
  if (value == null) return undefined;
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    throw new ArgumentError({ message: `splits: ${option} must not be an empty list; valid values: ${valid.join(', ')}` });
  }
  const unknown = list.filter((v) => typeof v !== 'string' || !(valid as readonly string[]).includes(v));
  if (unknown.length > 0) {
    throw new ArgumentError({ message: `splits: unknown ${what} ${unknown.map((v) => `'${String(v)}'`).join(', ')} in ${option}; valid values: ${valid.join(', ')}` });
  }
  return new Set(list as string[]);
}

function checkNegatives(value: unknown): boolean {
  if (value == null) return true;
  if (typeof value !== 'boolean') throw new ArgumentError({ message: `splits: negatives must be a boolean, got ${typeof value}` });
  return value;
}

function checkSide(value: unknown, hasHoldout: boolean): HoldoutSide {
  if (value == null) return 'train';
  if (!hasHoldout) throw new ArgumentError({ message: 'splits: holdoutSide needs a holdout' });
  if (value !== 'train' && value !== 'test') {
    throw new ArgumentError({ message: `splits: holdoutSide must be 'train' or 'test', got ${String(value)}` });
  }
  return value;
}
