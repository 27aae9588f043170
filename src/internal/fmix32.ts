/**
 * MurmurHash3's 32-bit finalizer: mixes every input bit into every output bit. Shared by the
 * split hash (MurmurHash3 proper) and the transforms' seed hash (FNV-1a finished with it).
 */
export function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
