import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplesDirectory } from '../../src/repo/index.js';
import { countingSource, fromBuffer } from '../../src/io/index.js';
import { readCachedFooter } from '../../src/parquet/read-cached-footer.js';
import { readParquetFooter } from '../../src/parquet/read-parquet-footer.js';

const bytes = readFileSync(join(samplesDirectory(), 'data', 'validation-00000-of-00001.parquet'));
const counted = (b: Uint8Array) => countingSource({ source: fromBuffer({ bytes: b, name: 'validation-00000-of-00001.parquet' }) });

describe('readCachedFooter', () => {
  it('parses a footer once per key, and reads it every time without one', async () => {
    const a = counted(bytes);
    const footer = await readCachedFooter({ byteSource: a.source, key: 'spec/a@1' });
    expect(footer).toEqual(await readParquetFooter({ byteSource: fromBuffer({ bytes, name: 'validation-00000-of-00001.parquet' }) }));
    const reads = a.stats.requests;
    expect(reads).toBeGreaterThan(0);
    expect(await readCachedFooter({ byteSource: a.source, key: 'spec/a@1' })).toBe(footer);
    expect(a.stats.requests).toBe(reads);
    // Another version of the same file is another key.
    expect(await readCachedFooter({ byteSource: a.source, key: 'spec/a@2' })).not.toBe(footer);
    expect(a.stats.requests).toBe(2 * reads);
    await readCachedFooter({ byteSource: a.source, key: undefined });
    await readCachedFooter({ byteSource: a.source, key: undefined });
    expect(a.stats.requests).toBe(4 * reads);
  });

  it('never gives the footer of a file of another length, and a cached footer cannot be changed', async () => {
    const footer = await readCachedFooter({ byteSource: counted(bytes).source, key: 'spec/b@1' });
    // A source that lied about its version: its length still tells it apart.
    const longer = counted(Buffer.concat([Buffer.from('PAR1'), bytes.subarray(4, bytes.length - 8), Buffer.alloc(16), bytes.subarray(bytes.length - 8)]));
    const other = await readCachedFooter({ byteSource: longer.source, key: 'spec/b@1' }).catch((e) => e);
    expect(other).not.toBe(footer);
    expect(longer.stats.requests).toBeGreaterThan(0);
    expect(Object.isFrozen(footer) && Object.isFrozen(footer.rowGroups) && Object.isFrozen(footer.rowGroups[0].columns[0])).toBe(true);
    expect(() => (footer.rowGroups as unknown[]).push({})).toThrow(TypeError);
  });
});
