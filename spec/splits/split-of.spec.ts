import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { splitOf } from '../../src/splits/split-of.js';
import { murmur3_32 } from '../../src/splits/murmur3.js';
import { sequentialIds } from './synthetic.js';

describe('splitOf', () => {
  it('follows the documented rule: murmur3(utf8(`${seed}:${id}`)) / 2^32 < ratio', () => {
    const enc = new TextEncoder();
    for (const id of sequentialIds(500)) {
      const u = murmur3_32(enc.encode(`42:${id}`)) / 2 ** 32;
      expect(splitOf({ id, seed: 42 })).toBe(u < 0.8 ? 'train' : 'validation');
      expect(splitOf({ id, seed: 42, ratio: 0.3 })).toBe(u < 0.3 ? 'train' : 'validation');
    }
  });

  it('is deterministic and treats a numeric seed like its decimal string', () => {
    for (const id of sequentialIds(200)) {
      expect(splitOf({ id, seed: 7 })).toBe(splitOf({ id, seed: 7 }));
      expect(splitOf({ id, seed: 7 })).toBe(splitOf({ id, seed: '7' }));
    }
  });

  it('sends everything to validation at ratio 0 and to train at ratio 1', () => {
    for (const id of sequentialIds(1000)) {
      expect(splitOf({ id, seed: 0, ratio: 0 })).toBe('validation');
      expect(splitOf({ id, seed: 0, ratio: 1 })).toBe('train');
    }
  });

  it.each([-0.1, 1.01, Number.NaN, Infinity, '0.8' as unknown as number])('rejects ratio %s', (ratio) => {
    expect(() => splitOf({ id: 'a', seed: 0, ratio })).toThrow(ArgumentError);
    expect(() => splitOf({ id: 'a', seed: 0, ratio })).toThrow(/splits: ratio must be a number in \[0, 1\]/);
  });

  it.each([1.5, Number.NaN, 2 ** 60, null, {}])('rejects seed %s', (seed) => {
    expect(() => splitOf({ id: 'a', seed: seed as number })).toThrow(ArgumentError);
  });

  it('rejects a non-string id with a typed error', () => {
    try {
      splitOf({ id: 12 as unknown as string, seed: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ArgumentError);
      expect((e as ArgumentError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
