import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/index.js';
import { fromBuffer } from '../../src/io/index.js';

describe('fromBuffer', () => {
  it('serves copies of byte ranges', async () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5]);
    const source = fromBuffer({ bytes, name: 'mem' });
    const part = await source.read(1, 3);
    expect(Array.from(part)).toEqual([2, 3]);
    part[0] = 99;
    expect(bytes[1]).toBe(2);
  });

  it('rejects out-of-range reads with a SourceError', async () => {
    const source = fromBuffer({ bytes: new Uint8Array(3) });
    await expect(source.read(0, 4)).rejects.toThrow(SourceError);
    await expect(source.read(0, 4)).rejects.toThrow(/source: memory: /);
  });
});
