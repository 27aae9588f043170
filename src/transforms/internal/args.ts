/** Argument checks shared by the transform factories: a bad argument fails at construction. */
import { ArgumentError } from '../../errors.js';

/** An integer in [min, max]. */
export function checkInt(where: string, what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError({ message: `transforms: ${where}: ${what} must be an integer in ${min}–${max}, got ${String(value)}` });
  }
  return value;
}

/** A finite number in [min, max] (or > min when `exclusiveMin`). */
export function checkNumber(
  where: string,
  what: string,
  value: unknown,
  min: number,
  max: number,
  exclusiveMin = false,
): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max;
  if (!ok) {
    const range = exclusiveMin ? `> ${min} and ≤ ${max}` : `in ${min}–${max}`;
    throw new ArgumentError({ message: `transforms: ${where}: ${what} must be a number ${range}, got ${String(value)}` });
  }
  return value as number;
}

/** A size: a positive integer `n` or `{ width, height }` of positive integers. */
export function checkSize(where: string, size: unknown): { width: number; height: number } | number {
  if (typeof size === 'number') return checkInt(where, 'size', size, 1, 1 << 16);
  if (typeof size === 'object' && size !== null) {
    const { width, height } = size as { width?: unknown; height?: unknown };
    return { width: checkInt(where, 'width', width, 1, 1 << 16), height: checkInt(where, 'height', height, 1, 1 << 16) };
  }
  throw new ArgumentError({ message: `transforms: ${where}: size must be a positive integer or { width, height }, got ${String(size)}` });
}

/** An optional seed: any finite number (it is hashed as its decimal string). */
export function checkSeed(where: string, seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ArgumentError({ message: `transforms: ${where}: seed must be a finite number, got ${String(seed)}` });
  }
  return seed;
}
