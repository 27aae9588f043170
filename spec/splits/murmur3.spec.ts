import { describe, expect, it } from 'vitest';
import { murmur3_32, unitHash } from '../../src/splits/murmur3.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('murmur3_32', () => {
  // Reference vectors of MurmurHash3_x86_32 (the same numbers as Python's mmh3.hash(…, signed=False)),
  // covering every tail length 0..3 and multi-block input.
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['a', 0, 0x3c2569b2],
    ['ab', 0, 0x9bbfd75f],
    ['abc', 0, 0xb3dd93fa],
    ['hello', 0, 0x248bfa47],
    ['Hello, world!', 1234, 0xfaf6cdb3],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ])('hashes %j with seed %i to the reference value', (input, seed, expected) => {
    expect(murmur3_32(utf8(input), seed)).toBe(expected);
  });

  it('hashes the UTF-8 bytes, not UTF-16 code units', () => {
    expect(unitHash('é')).toBe(murmur3_32(new Uint8Array([0xc3, 0xa9])) / 2 ** 32);
    expect(unitHash('é')).not.toBe(murmur3_32(new Uint8Array([0xe9])) / 2 ** 32);
  });

  it('maps to [0, 1)', () => {
    for (let i = 0; i < 2000; i++) {
      const u = unitHash(`s:${i}`);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});
