import { ArgumentError } from '../errors.js';
import type { Generator } from '../schema/labels.js';
import type { Turn } from '../schema/record.js';
import type { HeldOut } from './holdout-presets.js';
import { resolveHoldout } from './resolve-holdout.js';
import { checkParams } from '../internal/check-params.js';

/** Side of a cross-generator holdout. */
export type HoldoutSide = 'train' | 'test';

/**
 * The part of a record a holdout looks at: the generator of each turn, or — for a mask-only
 * record, whose turns are unknown (`turns: null`) — the generators its label map shows.
 */
export type HoldoutRecord =
  | {
      /** The record's edits; empty for an unedited negative. */
      readonly turns: readonly Pick<Turn, 'generator'>[];
    }
  | {
      /** Unknown: a mask-only record. */
      readonly turns: null;
      /** Generators whose label id occurs in the mask. */
      readonly generators: readonly Generator[];
    };

/**
 * Side of a cross-generator holdout one record falls on: `test` when at least one of its turns
 * was made by a held-out generator, else `train` (which includes every negative, since it has no
 * turns). A mixed image — a held-out edit plus edits by seen generators — is `test`: training on
 * it would show the model held-out pixels, which is exactly what the protocol forbids.
 *
 * The decision looks at this record alone, so a streaming loader can apply it row by row. It
 * checks and resolves `holdout` on every call; `recordFilter({ holdout, holdoutSide })` does that
 * once for a whole stream.
 *
 * @throws {ArgumentError} on an unknown preset or generator, or a record without a `turns` array.
 * @example
 * holdoutSide({ record, holdout: 'sd2+sd3.5' })          // 'train' | 'test'
 * holdoutSide({ record, holdout: ['flux.1', 'sdxl'] })   // a custom holdout
 */
export function holdoutSide(params: { record: HoldoutRecord; holdout: HeldOut }): HoldoutSide {
  checkParams('holdoutSide', params, ['record', 'holdout']);
  const heldOut = new Set(resolveHoldout(params.holdout));
  if (!Array.isArray(params.record?.turns) && !(params.record?.turns === null && Array.isArray((params.record as { generators?: unknown }).generators))) {
    // A plain TypeError deep in a stream would not say which record or why.
    throw new ArgumentError({ message: `splits: record ${describeRecord(params.record)} has no turns array` });
  }
  return hasHeldOutTurn(params.record, heldOut) ? 'test' : 'train';
}

/** Whether any turn of the record was made by a held-out generator. */
export function hasHeldOutTurn(record: HoldoutRecord, heldOut: ReadonlySet<Generator>): boolean {
  if (record.turns === null) return record.generators.some((g) => heldOut.has(g));
  for (const turn of record.turns) if (heldOut.has(turn.generator)) return true;
  return false;
}

/** How to name a record in an error message: its id when it has one. */
export function describeRecord(record: unknown): string {
  const id = (record as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : `(${record === null ? 'null' : typeof record})`;
}
