import type { EpochSegment } from '../order-epoch.js';
import { LOADER_STATE_LIMITS as LIMITS, type LoaderState } from '../loader-state.js';
import { ResumeError } from '../resume-error.js';

/**
 * A `resume` state checked field by field before anything is sized by it — a typed
 * {@link ResumeError} naming the field (`worldSize`, `history[3].position`, …) for a value that is
 * missing, of another type, not a safe integer, out of range (`LOADER_STATE_LIMITS`) or NaN — and
 * copied: only the fields of a state, so nothing else the object carries is kept or cloned.
 * @internal
 */
export function checkLoaderState(state: unknown): LoaderState {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new ResumeError({ field: 'state', message: `not a loader state (expected what loadSplit(…).state() returns, an object of version 1), got ${describe(state)}` });
  }
  const s = state as Record<string, unknown>;
  if (s.version !== 1) throw bad('version', s.version, 'must be 1');
  const text = (field: 'split' | 'revision' | 'filter'): string => {
    const v = s[field];
    if (typeof v !== 'string' || v === '' || v.length > LIMITS.text) throw bad(field, v, `must be a string of 1 to ${LIMITS.text} characters`);
    return v;
  };
  const flag = (field: 'shuffle'): boolean => {
    if (typeof s[field] !== 'boolean') throw bad(field, s[field], 'must be true or false');
    return s[field] as boolean;
  };
  const history = s.history;
  // The length first: an array of absurd length is refused before one element is looked at.
  if (!Array.isArray(history) || history.length > LIMITS.history) throw bad('history', history, `must be an array of at most ${LIMITS.history} segments`);
  const segments: EpochSegment[] = history.map((h: unknown, i) => {
    if (typeof h !== 'object' || h === null) throw bad(`history[${i}]`, h, 'must be { worldSize, position }');
    const segment = h as Record<string, unknown>;
    return { worldSize: integer(`history[${i}].worldSize`, segment.worldSize, 1, LIMITS.worldSize), position: integer(`history[${i}].position`, segment.position, 0, LIMITS.position) };
  });
  const partition = s.partition;
  if (partition !== 'pad' && partition !== 'drop') throw bad('partition', partition, "must be 'pad' or 'drop'");
  return {
    version: 1,
    split: text('split'),
    revision: text('revision'),
    filter: text('filter'),
    seed: integer('seed', s.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    epoch: integer('epoch', s.epoch, 0, Number.MAX_SAFE_INTEGER),
    shuffle: flag('shuffle'),
    shuffleBuffer: integer('shuffleBuffer', s.shuffleBuffer, 1, Number.MAX_SAFE_INTEGER),
    partition,
    worldSize: integer('worldSize', s.worldSize, 1, LIMITS.worldSize),
    position: integer('position', s.position, 0, LIMITS.position),
    history: segments,
  };
}

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw bad(field, value, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function bad(field: string, value: unknown, rule: string): ResumeError {
  return new ResumeError({ field, message: `the state's ${field} ${rule}, got ${describe(value)}` });
}

/** A value as a message shows it: short whatever its size (a long string or array is never copied out whole). */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return String(value);
  return typeof value;
}
