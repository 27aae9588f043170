import { describe, expect, it } from 'vitest';
import { countingSource, fromBuffer } from '../../src/io/index.js';

describe('countingSource', () => {
  it('counts requests, bytes and ranges delivered', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes: new Uint8Array(100) }) });
    expect(source.byteLength).toBe(100);
    await source.read(0, 10);
    await source.read(50, 75);
    expect(stats).toEqual({ requests: 2, bytes: 35, ranges: [[0, 10], [50, 75]] });
  });

  it('does not count a failed read', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes: new Uint8Array(5) }) });
    await expect(source.read(0, 6)).rejects.toThrow();
    expect(stats.requests).toBe(0);
  });
});
