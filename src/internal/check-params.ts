import { ArgumentError } from '../errors.js';

/**
 * Every public verb takes one params object. A call in the old positional style — or with
 * `null`, or a typed array where the object belongs — would otherwise read `undefined` fields
 * and fail far from the mistake (or, for width/height, silently transpose), so it is refused
 * here with the verb's name.
 */
export function checkParams<T extends object>(verb: string, params: T): T {
  if (params === null || typeof params !== 'object' || ArrayBuffer.isView(params) || Array.isArray(params)) {
    throw new ArgumentError({ message: `${verb}: takes one params object (e.g. { width, height, … }), got ${describe(params)}` });
  }
  return params;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
