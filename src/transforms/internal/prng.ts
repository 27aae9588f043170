/**
 * Small seeded randomness for transforms. A sample's random stream is a pure function of the
 * transform's seed, the run seed, the transform name and the sample id — never of how many
 * samples came before — so augmentation is reproducible and independent of order and sharding.
 */

/** 32-bit FNV-1a over the UTF-16 code units of a string, finished with a murmur3 mix. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A uniform generator on [0, 1) seeded from `parts` (sfc32: fast, passes PractRand to 2^40, far
 * beyond what one image needs). Four independent hashes fill its 128-bit state.
 */
export function seededRandom(parts: readonly (string | number)[]): () => number {
  const key = parts.map(String).join('\u0000');
  let a = hash32(`a\u0000${key}`);
  let b = hash32(`b\u0000${key}`);
  let c = hash32(`c\u0000${key}`);
  let d = hash32(`d\u0000${key}`) | 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32 needs a few rounds to mix a fresh state.
  for (let i = 0; i < 12; i++) next();
  return next;
}
