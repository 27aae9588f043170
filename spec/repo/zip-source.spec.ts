/**
 * zipSource / readZipDirectory / readZipMember: the authors' layout zip (stored members), a ZIP64
 * archive made by Info-ZIP (`-fz`, deflated and stored members), and archives that lie.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { countingSource } from '../../src/io/counting-source.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import { readZipDirectory } from '../../src/repo/read-zip-directory.js';
import { readZipMember } from '../../src/repo/read-zip-member.js';
import { zipSource } from '../../src/repo/zip-source.js';
import { authorsZips } from '../helpers/hub-fixtures.js';

let zips: { zip: Uint8Array; zip64: Uint8Array };
let dir: string;
beforeAll(async () => {
  zips = await authorsZips();
  dir = await mkdtemp(join(tmpdir(), 'diffseg-zip-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Little-endian patch helpers. */
const u32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
const u16 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(at, v, true);
const find = (b: Uint8Array, sig: number, from = 0) => {
  for (let i = from; i + 4 <= b.length; i++) if (new DataView(b.buffer, b.byteOffset).getUint32(i, true) === sig) return i;
  return -1;
};

describe('zipSource', () => {
  it('lists and reads every member of the stored and the ZIP64 archive, as fflate unzips them', async () => {
    for (const [bytes, zip64] of [
      [zips.zip, false],
      [zips.zip64, true],
    ] as const) {
      const expected = unzipSync(bytes);
      const directory = await readZipDirectory({ byteSource: fromBuffer({ bytes }) });
      expect(directory.zip64).toBe(zip64);
      const source = await zipSource({ byteSource: fromBuffer({ bytes, name: 'a.zip' }) });
      const names = (await source.listFiles()).map((f) => f.path);
      expect(names).toEqual(Object.keys(expected).sort());
      for (const name of names) expect(await source.readFile({ path: name })).toEqual(expected[name]);
      const all = await source.readMembers({ names });
      all.forEach((b, i) => expect(b).toEqual(expected[names[i]]));
    }
    const methods = (await readZipDirectory({ byteSource: fromBuffer({ bytes: zips.zip64 }) })).entries.map((e) => e.method);
    expect(new Set(methods)).toEqual(new Set([0, 8]));
  });

  it('reads one member with one request of at most its bytes plus a header', async () => {
    const { source, stats } = countingSource({ source: fromBuffer({ bytes: zips.zip64 }) });
    const { entries } = await readZipDirectory({ byteSource: source });
    stats.requests = 0;
    stats.bytes = 0;
    const entry = entries.find((e) => e.name === 'val/00000005.image.png')!;
    await readZipMember({ byteSource: source, entry });
    expect(stats.requests).toBe(1);
    expect(stats.bytes).toBeLessThanOrEqual(entry.compressedSize + 30 + 256);
  });

  it('keeps the central directory in a cache file and reads it from there next time', async () => {
    const cache = join(dir, 'cd', 'a.json');
    const first = countingSource({ source: fromBuffer({ bytes: zips.zip64 }) });
    await zipSource({ byteSource: first.source, directoryCache: cache });
    expect(first.stats.requests).toBeGreaterThan(0);
    const second = countingSource({ source: fromBuffer({ bytes: zips.zip64 }) });
    const again = await zipSource({ byteSource: second.source, directoryCache: cache });
    expect(second.stats.requests).toBe(0);
    expect(again.entries.length).toBe(12);
    expect(JSON.parse(await readFile(cache, 'utf8')).byteLength).toBe(zips.zip64.length);
  });

  it('opens a local .zip path', async () => {
    const path = join(dir, 'train.zip');
    await writeFile(path, zips.zip);
    const source = await zipSource({ path });
    expect((await source.listFiles()).length).toBe(12);
  });
});

describe('archives that lie', () => {
  const make = (files: Record<string, Uint8Array>, level = 0) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: level as 0 }]])));
  const data = new Uint8Array(5000).map((_, i) => (i * 31) % 7);
  const reject = async (bytes: Uint8Array, pattern: RegExp, member?: string) => {
    const byteSource = fromBuffer({ bytes, name: 'bad.zip' });
    const p = member
      ? readZipDirectory({ byteSource }).then(({ entries }) => readZipMember({ byteSource, entry: entries.find((e) => e.name === member)! }))
      : readZipDirectory({ byteSource });
    const error = await p.catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain('bad.zip');
  };

  it('refuses zip slip names', async () => {
    await reject(make({ '../evil.png': data }), /unsafe name/);
    await reject(make({ '/etc/x.png': data }), /unsafe name/);
    await reject(make({ 'C:/x.png': data }), /unsafe name/);
  });

  it('refuses a truncated archive, overlapping members and a directory outside the file', async () => {
    await reject(make({ 'a.png': data }).subarray(0, 100), /no end-of-central-directory/);
    const two = make({ 'a.png': data, 'b.png': data });
    const cd = find(two, 0x02014b50);
    const second = find(two, 0x02014b50, cd + 4);
    u32(two, second + 42, 10); // b.png's local header offset inside a.png
    await reject(two, /overlap|runs into/);
    const off = make({ 'a.png': data });
    u32(off, find(off, 0x06054b50) + 16, off.length + 5);
    await reject(off, /do not fit/);
  });

  it('refuses sizes that lie, members that inflate past their size, bad CRCs and encryption', async () => {
    // Central directory says fewer bytes than the deflated stream produces.
    const deflated = make({ 'a.png': data }, 6);
    const cd = find(deflated, 0x02014b50);
    u32(deflated, cd + 24, 1000);
    u32(deflated, 22, 1000); // the local header agrees, so only the inflate check can catch it
    await reject(deflated, /inflates to more than its declared 1000 bytes/, 'a.png');
    // Local header disagrees with the central directory.
    const lying = make({ 'a.png': data });
    u32(lying, 18, 4999);
    await reject(lying, /local header says 4999 compressed bytes/, 'a.png');
    // Corrupt data.
    const corrupt = make({ 'a.png': data });
    corrupt[40] ^= 0xff;
    await reject(corrupt, /CRC-32 mismatch/, 'a.png');
    // Encrypted.
    const enc = make({ 'a.png': data });
    const c = find(enc, 0x02014b50);
    u16(enc, c + 8, 1);
    await reject(enc, /encrypted/);
    // A declared size no deflate stream can reach is refused before any allocation.
    const bomb = make({ 'a.png': data }, 6);
    const b = find(bomb, 0x02014b50);
    u32(bomb, b + 24, 0xfffffff0);
    await reject(bomb, /more than deflate can produce|more than the/, 'a.png');
  });
});
