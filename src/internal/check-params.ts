import { ArgumentError } from '../errors.js';

/**
 * Every key a params type may hold, listed once and checked at compile time: a key of `T` left out
 * of the list is a type error, so a new option cannot be forgotten by the run-time check.
 * @example
 * const KEYS = keysOf<LoadSplitOptions>()('source', 'metadataOnly', …);
 * @internal
 */
export function keysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(...keys: K & ([Exclude<keyof T & string, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T & string, K[number]> })): K =>
    keys;
}

/**
 * Every public verb takes one params object. A call in the old positional style — or with
 * `null`, or a typed array where the object belongs — would otherwise read `undefined` fields
 * and fail far from the mistake (or, for width/height, silently transpose), so it is refused
 * here with the verb's name. Given the verb's `keys`, an unknown key is refused too, naming the
 * closest valid one: in JavaScript a misspelt option (`minQuailty`) would otherwise be ignored
 * without a word, and a misspelt `source` would read the default Hub dataset instead.
 * @internal
 */
export function checkParams<T extends object>(verb: string, params: T, keys?: readonly string[]): T {
  if (params === null || typeof params !== 'object' || ArrayBuffer.isView(params) || Array.isArray(params)) {
    throw new ArgumentError({ message: `${verb}: takes one params object (e.g. { width, height, … }), got ${describe(params)}` });
  }
  if (keys) checkKeys(verb, params, keys);
  return params;
}

/**
 * The options of a `(subject, options)` verb: `undefined` or `null` mean the defaults (`{}`);
 * anything else must be an object whose keys are all among `keys`.
 * @throws {ArgumentError} naming the verb, the unknown key and the closest valid one.
 * @internal
 */
export function checkOptions<T extends object>(verb: string, options: T | null | undefined, keys: readonly string[]): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || ArrayBuffer.isView(options) || Array.isArray(options)) {
    throw new ArgumentError({ message: `${verb}: options must be an object, got ${describe(options)}` });
  }
  checkKeys(verb, options, keys);
  return options;
}

/**
 * The fields of `params` named in `keys`, for handing a verb's params on to a verb that takes
 * fewer (which checks its own keys): what it does not take stays behind.
 * @internal
 */
export function pickKeys<T extends object, K extends readonly string[]>(params: T, keys: K): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in params) out[key] = (params as Record<string, unknown>)[key];
  return out as Partial<T>;
}

function checkKeys(verb: string, params: object, keys: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (keys.includes(key)) continue;
    const near = closest(key, keys);
    throw new ArgumentError({
      message: `${verb}: unknown option \`${key}\`${near ? `; did you mean \`${near}\`?` : `; the options are ${keys.map((k) => `\`${k}\``).join(', ')}`}`,
    });
  }
}

/**
 * The valid name `name` most likely misspells — the same up to case, or within an edit distance
 * of about a third of its length (transpositions count as one edit) — or `undefined`.
 * @internal
 */
export function closest(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of names) {
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => new Array<number>(cols).fill(0).map((_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
