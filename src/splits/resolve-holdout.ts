import { ArgumentError } from '../errors.js';
import { GENERATORS, type Generator, isGenerator } from '../schema/labels.js';
import { type HeldOut, HOLDOUT_PRESETS } from './holdout-presets.js';

/**
 * The generators a holdout names, checked, deduplicated and in label-id order.
 *
 * Strings are only preset names (not any `a+b` pair), so a typo such as `'sd2+sd35'` is caught
 * rather than silently holding out one generator; custom holdouts are written as arrays.
 *
 * @throws {ArgumentError} on an unknown preset or generator, or an empty list; the message lists
 * the valid names.
 * @example
 * resolveHoldout('glide+kolors')       // ['glide', 'kolors']
 * resolveHoldout(['sdxl', 'sd2'])      // ['sd2', 'sdxl']
 */
export function resolveHoldout(heldOut: HeldOut): Generator[] {
  if (typeof heldOut === 'string') {
    if (!Object.hasOwn(HOLDOUT_PRESETS, heldOut)) {
      throw new ArgumentError({ message: `splits: unknown holdout preset '${heldOut}'; valid presets: ${presetList()} ` +
          `(or pass an array of generators: ${GENERATORS.join(', ')})` });
    }
    return [...HOLDOUT_PRESETS[heldOut]];
  }
  if (!Array.isArray(heldOut)) {
    throw new ArgumentError({ message: `splits: holdout must be a preset name (${presetList()}) or an array of generators, got ${describe(heldOut)}` });
  }
  if (heldOut.length === 0) {
    throw new ArgumentError({ message: `splits: holdout must name at least one generator (${GENERATORS.join(', ')})` });
  }
  const unknown = heldOut.filter((g) => typeof g !== 'string' || !isGenerator(g));
  if (unknown.length > 0) {
    throw new ArgumentError({ message: `splits: unknown generator ${unknown.map((g) => `'${String(g)}'`).join(', ')} in holdout; ` +
        `valid generators: ${GENERATORS.join(', ')}` });
  }
  return GENERATORS.filter((g) => heldOut.includes(g));
}

function presetList(): string {
  return Object.keys(HOLDOUT_PRESETS).join(', ');
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
