import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/index.js';
import { fromFile } from '../../src/io/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-src-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fromFile', () => {
  it('reads exact byte ranges of a real file', async () => {
    const path = join(dir, 'a.bin');
    await writeFile(path, Uint8Array.from({ length: 1000 }, (_, i) => i % 251));
    const source = await fromFile({ path });
    expect(source.byteLength).toBe(1000);
    expect(source.name).toBe(path);
    expect(Array.from(await source.read(10, 14))).toEqual([10, 11, 12, 13]);
    expect((await source.read(990, 1000)).length).toBe(10);
    expect((await source.read(5, 5)).length).toBe(0);
  });

  it('rejects a range past the end or inverted with a SourceError naming the file', async () => {
    const path = join(dir, 'b.bin');
    await writeFile(path, new Uint8Array(10));
    const source = await fromFile({ path });
    await expect(source.read(5, 11)).rejects.toThrow(SourceError);
    await expect(source.read(5, 11)).rejects.toThrow(path);
    await expect(source.read(6, 5)).rejects.toThrow(/invalid byte range/);
  });

  it('rejects a missing file and a directory', async () => {
    await expect(fromFile({ path: join(dir, 'missing.bin') })).rejects.toThrow(SourceError);
    await expect(fromFile({ path: dir })).rejects.toThrow(/not a regular file/);
  });

  it('reports a file truncated after it was opened instead of returning short data', async () => {
    const path = join(dir, 'c.bin');
    await writeFile(path, new Uint8Array(100));
    const source = await fromFile({ path });
    await writeFile(path, new Uint8Array(50));
    await expect(source.read(40, 100)).rejects.toThrow(/truncated/);
  });
});
