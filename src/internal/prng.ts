/**
 * Small seeded randomness for transforms and the loader's shuffle. A random stream is a pure
 * function of the parts it is seeded from (for a transform: its seed, the run seed, its name and
 * the sample id — never how many samples came before), so augmentation and shuffling are
 * reproducible on every machine and independent of order and sharding.
 */
import { fmix32 } from './fmix32.js';

/** 32-bit FNV-1a over the UTF-16 code units of a string, finished with a murmur3 mix. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * A uniform generator on [0, 1) seeded from `parts` (sfc32: fast, passes PractRand to 2^40, far
 * beyond what one image needs). Four independent hashes fill its 128-bit state.
 */
export function seededRandom(parts: readonly (string | number)[]): () => number {
  const state = seededState(parts);
  return () => sfc32Next(state) / 4294967296;
}

/**
 * The raw sfc32 state for `parts`, already warmed up; advance it with {@link sfc32Next}, or
 * inline the same steps in a hot loop (as the noise transform does).
 */
export function seededState(parts: readonly (string | number)[]): Int32Array {
  const key = parts.map(String).join('\u0000');
  const state = Int32Array.of(hash32(`a\u0000${key}`), hash32(`b\u0000${key}`), hash32(`c\u0000${key}`), hash32(`d\u0000${key}`) | 1);
  // Discard the first outputs: sfc32 needs a few rounds to mix a fresh state.
  for (let i = 0; i < 12; i++) sfc32Next(state);
  return state;
}

/** One sfc32 step: advances `state` (a, b, c, counter) and returns an unsigned 32-bit output. */
export function sfc32Next(state: Int32Array): number {
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return t >>> 0;
}
