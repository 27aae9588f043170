/**
 * zipSource / readZipDirectory / readZipMember: the authors' layout zip (stored members), a ZIP64
 * archive made by Info-ZIP (`-fz`, deflated and stored members), every variant Python's zipfile,
 * Info-ZIP and APPNOTE allow (fixtures/zip-variants, checked against Python's zipfile when it is
 * there), hidden overlaps, and archives that lie.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { countingSource } from '../../src/io/counting-source.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import { fromFile } from '../../src/io/from-file.js';
import { crc32 } from '../../src/internal/crc32.js';
import { readZipDirectory } from '../../src/repo/read-zip-directory.js';
import { readZipMember } from '../../src/repo/read-zip-member.js';
import { zipSource } from '../../src/repo/zip-source.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { authorsZips } from '../helpers/hub-fixtures.js';
import { findPython, runPython } from '../helpers/python.js';

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

const variantsDir = fileURLToPath(new URL('../fixtures/zip-variants/', import.meta.url));
const zip64Fixture = fileURLToPath(new URL('../fixtures/zip64/authors-zip64.zip', import.meta.url));
/** Every archive a standard writer makes of three pairs (two train, one val), and what makes each. */
const VARIANTS: Record<string, string> = {
  'py-stored-folders.zip': 'zipfile, stored: folder prefix, directory entries, archive and member comments',
  'py-deflated.zip': 'zipfile, deflated',
  'py-force-zip64.zip': 'zipfile, force_zip64: ZIP64 extra fields in local headers',
  'py-zip64-limits.zip': 'zipfile past its ZIP64 limits (lowered): ZIP64 offsets, end record and locator',
  'py-streamed.zip': 'zipfile to a pipe: signed 32-bit data descriptors',
  'py-streamed-zip64.zip': 'zipfile to a pipe with force_zip64: signed 64-bit data descriptors',
  'py-macos.zip': 'zipfile: __MACOSX/ AppleDouble and .DS_Store entries',
  'py-long-extra.zip': 'zipfile: extra fields of 300+ bytes in local and central headers',
  'py-trailing-bytes.zip': 'zipfile, then bytes appended after the end record',
  'hand-disk-ffff.zip': 'APPNOTE 4.4.1.4 by hand: every classic end-record field 0xFFFF/0xFFFFFFFF, disk numbers included',
  'hand-descriptor-nosig.zip': 'by hand: data descriptors without signature, 32- and 64-bit',
  'iz-folders.zip': 'Info-ZIP zip -r: folder prefix, directory entries, comments',
  'iz-no-dirs.zip': 'Info-ZIP zip -D: no directory entries',
  'iz-streamed.zip': 'Info-ZIP zip to a pipe: signed data descriptors',
};
const variantPath = (name: string) => join(variantsDir, name);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('every variant a standard writer makes of the authors’ layout', () => {
  let originals: Record<string, Uint8Array>;
  beforeAll(() => {
    originals = unzipSync(zips.zip);
  });

  for (const [file, what] of Object.entries(VARIANTS)) {
    it(`${file} (${what}): the three pairs, byte for byte, and loadSplit reads both splits`, async () => {
      const source = await zipSource({ path: variantPath(file) });
      const visible = (await source.listFiles()).map((f) => f.path);
      // Only the six pair members are visible (no directory, __MACOSX/ or dot entry), whatever the prefix.
      expect(visible.map((p) => p.replace(/^DiffSeg30k\//, ''))).toEqual(
        ['train/00000001.image.png', 'train/00000001.mask.png', 'train/00000002.image.png', 'train/00000002.mask.png', 'val/00000005.image.png', 'val/00000005.mask.png'],
      );
      const members = await source.readMembers({ names: visible });
      members.forEach((bytes, i) => expect(sha256(bytes), visible[i]).toBe(sha256(originals[visible[i].replace(/^DiffSeg30k\//, '')])));
      const train = [];
      for await (const s of loadSplit('train', { source: variantPath(file) })) train.push([s.id, (await s.labelMap()).length, (await s.image()).width]);
      const validation = [];
      for await (const s of loadSplit('val', { source, metadataOnly: true })) validation.push([s.id, s.turns === null ? s.generators : undefined]);
      expect(train.map((t) => t[0])).toEqual(['00000001', '00000002']);
      expect(validation.map((v) => v[0])).toEqual(['00000005']);
    });
  }

  it('the ZIP64 fixture Info-ZIP writes (-fz) and the APPNOTE 0xFFFF variant are ZIP64; a real multi-disk archive is refused, typed', async () => {
    for (const path of [zip64Fixture, variantPath('hand-disk-ffff.zip'), variantPath('py-zip64-limits.zip')]) {
      expect((await readZipDirectory({ byteSource: await fromFile({ path }) })).zip64, path).toBe(true);
    }
    // The last part of `zip -s 64k` (the first part not kept): its end record names disk 1.
    const error = await zipSource({ path: variantPath('iz-split.zip') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(/iz-split\.zip: multi-disk \(spanned\) archives are not supported/);
    // The 0xFFFF disk fields with a locator that counts two disks: multi-disk too.
    const twoDisks = new Uint8Array(await readFile(variantPath('hand-disk-ffff.zip')));
    u32(twoDisks, find(twoDisks, 0x07064b50) + 16, 2);
    await expect(readZipDirectory({ byteSource: fromBuffer({ bytes: twoDisks, name: 'two-disks.zip' }) })).rejects.toThrow(/two-disks\.zip: multi-disk .*counts 2 disks/);
    // Without a ZIP64 locator, 0xFFFF disk numbers are a multi-disk archive's.
    const classic = new Uint8Array(await readFile(variantPath('py-deflated.zip')));
    u16(classic, find(classic, 0x06054b50) + 4, 0xffff);
    await expect(readZipDirectory({ byteSource: fromBuffer({ bytes: classic, name: 'disk.zip' }) })).rejects.toThrow(/disk\.zip: multi-disk/);
  });

  const peer = findPython(['zipfile', 'hashlib', 'json']);
  it.skipIf(!peer.ok)('Python’s zipfile reads every fixture to the same member bytes as zipSource, hidden members included', async () => {
    const python = peer.ok ? peer.path : undefined;
    const script = [
      'import hashlib, json, sys, zipfile',
      'out = {}',
      'for path in sys.argv[1:]:',
      '    with zipfile.ZipFile(path) as z:',
      '        out[path] = {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.is_dir()}',
      'print(json.dumps(out))',
    ].join('\n');
    const paths = [...Object.keys(VARIANTS).map(variantPath), zip64Fixture, fileURLToPath(new URL('../../samples/authors-layout.zip', import.meta.url))];
    const theirs = JSON.parse(await runPython(python!, script, paths)) as Record<string, Record<string, string>>;
    for (const path of paths) {
      const source = await zipSource({ path });
      const ours: Record<string, string> = {};
      for (const entry of source.entries) ours[entry.name] = sha256((await source.readFile({ path: entry.name }))!);
      expect(ours, path).toEqual(theirs[path]);
    }
  });
});

/** A zip made record by record at the offsets given, for lies no writer tells. */
function craft(params: {
  locals: { at: number; name: string; data: Uint8Array; extra?: Uint8Array; flags?: number; descriptor?: Uint8Array }[];
  central: { name: string; offset: number; data: Uint8Array; flags?: number }[];
}): Uint8Array {
  const out = new Uint8Array(64 * 1024);
  const dv = new DataView(out.buffer);
  const enc = new TextEncoder();
  let end = 0;
  for (const l of params.locals) {
    const name = enc.encode(l.name);
    const extra = l.extra ?? new Uint8Array(0);
    dv.setUint32(l.at, 0x04034b50, true);
    dv.setUint16(l.at + 4, 20, true);
    dv.setUint16(l.at + 6, l.flags ?? 0, true);
    dv.setUint32(l.at + 14, l.flags ? 0 : crc32(l.data), true);
    dv.setUint32(l.at + 18, l.flags ? 0 : l.data.length, true);
    dv.setUint32(l.at + 22, l.flags ? 0 : l.data.length, true);
    dv.setUint16(l.at + 26, name.length, true);
    dv.setUint16(l.at + 28, extra.length, true);
    out.set(name, l.at + 30);
    out.set(extra, l.at + 30 + name.length);
    out.set(l.data, l.at + 30 + name.length + extra.length);
    const descriptor = l.descriptor ?? new Uint8Array(0);
    out.set(descriptor, l.at + 30 + name.length + extra.length + l.data.length);
    end = Math.max(end, l.at + 30 + name.length + extra.length + l.data.length + descriptor.length);
  }
  const cd = end;
  let p = cd;
  for (const c of params.central) {
    const name = enc.encode(c.name);
    dv.setUint32(p, 0x02014b50, true);
    dv.setUint16(p + 8, c.flags ?? 0, true);
    dv.setUint32(p + 16, crc32(c.data), true);
    dv.setUint32(p + 20, c.data.length, true);
    dv.setUint32(p + 24, c.data.length, true);
    dv.setUint16(p + 28, name.length, true);
    dv.setUint32(p + 42, c.offset, true);
    out.set(name, p + 46);
    p += 46 + name.length;
  }
  dv.setUint32(p, 0x06054b50, true);
  dv.setUint16(p + 8, params.central.length, true);
  dv.setUint16(p + 10, params.central.length, true);
  dv.setUint32(p + 12, p - cd, true);
  dv.setUint32(p + 16, cd, true);
  return out.slice(0, p + 22);
}

describe('hidden overlaps: no two members served share a byte, local records included', () => {
  const a = new TextEncoder().encode('AAAAA');
  const b = new TextEncoder().encode('BBBBB');
  const open = (bytes: Uint8Array) => zipSource({ byteSource: fromBuffer({ bytes, name: 'hostile.zip' }) });
  const reason = (p: Promise<unknown>) => p.then(() => 'served', (e: unknown) => (e instanceof FormatError ? e.message : `untyped: ${String(e)}`));

  it('a member whose local record starts inside another one’s name is refused when the directory is read', async () => {
    const long = `train/${'x'.repeat(200)}/00000001.image.png`;
    // b's record sits inside a's long name; the old check (offset + 30 + data) saw no overlap.
    const bytes = craft({
      locals: [{ at: 0, name: long, data: a }],
      central: [
        { name: long, offset: 0, data: a },
        { name: 'train/00000001.mask.png', offset: 100, data: b },
      ],
    });
    expect(await reason(open(bytes))).toMatch(/hostile\.zip: member "train\/x+\/00000001\.image\.png": its local record \[0, 260\) overlaps the local record of "train\/00000001\.mask\.png" \(at 100\)/);
  });

  it('a member whose local extra field hides another member’s record is refused when read, and never served', async () => {
    // a's central name and data leave room up to byte 40; its local extra field (unseen in the
    // directory) runs from 35 over b's whole record, at 43, and a's data follows it.
    const inner = craft({ locals: [{ at: 0, name: 'b.png', data: b }], central: [] }).subarray(0, 40);
    const extra = new Uint8Array(8 + inner.length);
    new DataView(extra.buffer).setUint16(0, 0xcafe, true);
    new DataView(extra.buffer).setUint16(2, extra.length - 4, true);
    extra.set(inner, 8);
    const bytes = craft({
      locals: [{ at: 0, name: 'a.png', data: a, extra }],
      central: [
        { name: 'a.png', offset: 0, data: a },
        { name: 'b.png', offset: 43, data: b },
      ],
    });
    const source = await open(bytes);
    expect(await reason(source.readFile({ path: 'a.png' }))).toMatch(/hostile\.zip: member "a\.png": its local record \(header, 5-byte name, 48-byte extra field, 5 bytes of data\) runs past the next record at 43: it overlaps another member/);
    expect(await reason(source.readMembers({ names: ['a.png', 'b.png'] }))).toMatch(/runs past the next record at 43/);
    // b alone is its own bytes, in its own slot of the archive.
    expect(await source.readFile({ path: 'b.png' })).toEqual(b);
  });

  it('data descriptors: one that runs into the next record, or matches nothing, is refused; signed and unsigned ones read', async () => {
    const desc = (signed: boolean, data: Uint8Array) => {
      const d = new Uint8Array(signed ? 16 : 12);
      const v = new DataView(d.buffer);
      if (signed) v.setUint32(0, 0x08074b50, true);
      v.setUint32(signed ? 4 : 0, crc32(data), true);
      v.setUint32(signed ? 8 : 4, data.length, true);
      v.setUint32(signed ? 12 : 8, data.length, true);
      return d;
    };
    const make = (descriptor: Uint8Array, bAt: number) =>
      craft({
        locals: [
          { at: 0, name: 'a.png', data: a, flags: 8, descriptor },
          { at: bAt, name: 'b.png', data: b },
        ],
        central: [
          { name: 'a.png', offset: 0, data: a, flags: 8 },
          { name: 'b.png', offset: bAt, data: b },
        ],
      });
    for (const signed of [true, false]) expect(await (await open(make(desc(signed, a), 40 + (signed ? 16 : 12)))).readFile({ path: 'a.png' })).toEqual(a);
    // A signed descriptor (16 bytes) whose last 4 bytes are b's local header: b is written over it.
    expect(await reason(open(make(desc(true, a), 52)).then((s) => s.readFile({ path: 'a.png' })))).toMatch(/no data descriptor matching the central directory .* before the next record at 52/);
    const wrong = desc(false, b);
    expect(await reason(open(make(wrong, 52)).then((s) => s.readFile({ path: 'a.png' })))).toMatch(/no data descriptor matching/);
  });

  it('a tampered or corrupt directory cache is never trusted: the archive is read again, and serves its own bytes', async () => {
    const cache = join(dir, 'tampered', 'a.json');
    await zipSource({ byteSource: fromBuffer({ bytes: zips.zip }), directoryCache: cache });
    const saved = JSON.parse(await readFile(cache, 'utf8'));
    const cd = Buffer.from(saved.centralDirectory, 'base64');
    cd.writeUInt32LE(10, 42 + 46 + cd.readUInt16LE(28)); // the second member's offset, inside the first
    await writeFile(cache, JSON.stringify({ ...saved, centralDirectory: cd.toString('base64') }));
    const tampered = countingSource({ source: fromBuffer({ bytes: zips.zip }) });
    const source = await zipSource({ byteSource: tampered.source, directoryCache: cache });
    expect(tampered.stats.requests).toBeGreaterThan(0);
    const expected = unzipSync(zips.zip);
    for (const e of source.entries) expect(await source.readFile({ path: e.name })).toEqual(expected[e.name]);
    await writeFile(cache, '{"version": 2, "byteLength": ');
    expect((await zipSource({ byteSource: fromBuffer({ bytes: zips.zip }), directoryCache: cache })).entries.length).toBe(12);
  });
});
