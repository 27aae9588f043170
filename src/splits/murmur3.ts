/**
 * MurmurHash3 x86_32 over the UTF-8 bytes of a string. Internal to `splits/`: it decides which
 * side of the 8:2 split an id falls on, so it must be (a) well mixed, so that ids differing in a
 * single trailing digit land independently, (b) fast enough to run once per record of a streamed
 * split, and (c) reproducible outside JavaScript. MurmurHash3 meets all three: its final avalanche
 * step (`fmix32`) mixes every input bit into every output bit, it needs only 32-bit integer
 * multiplies (`Math.imul`, no BigInt), and Python's `mmh3.hash(key, 0, signed=False)` computes
 * the very same number, so a Python trainer can reproduce a split made here.
 */
import { fmix32 } from '../internal/fmix32.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
// One encoder for the process: constructing a TextEncoder per call would dominate the hash cost.
const utf8 = new TextEncoder();

/**
 * MurmurHash3 x86_32 of `bytes` with `seed`, as an unsigned 32-bit integer.
 * @example murmur3_32(new TextEncoder().encode('hello')) // 0x248bfa47
 */
export function murmur3_32(bytes: Uint8Array, seed = 0): number {
  let h = seed >>> 0;
  const n = bytes.length;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    // Little-endian 4-byte block, as the reference implementation reads it on x86.
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  // The tail falls through on purpose, exactly like the reference switch statement.
  switch (n & 3) {
    case 3:
      k ^= bytes[blocks + 2] << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1] << 8;
    // falls through
    case 1:
      k ^= bytes[blocks];
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
  }
  return fmix32(h ^ n);
}

/**
 * Maps a string to a uniform number in [0, 1): MurmurHash3 (seed 0) of its UTF-8 bytes / 2³².
 * @example unitHash('42:000123') // a number in [0, 1), the same on every run and platform
 */
export function unitHash(key: string): number {
  return murmur3_32(utf8.encode(key)) / 4294967296;
}
