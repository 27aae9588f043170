import { FormatError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** One member of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** Member name, `/`-separated (checked: relative, no `..`, no drive letter). */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** General-purpose flags (bit 3: sizes in a data descriptor after the data). */
  flags: number;
  /** CRC-32 of the uncompressed bytes. */
  crc32: number;
  /** Bytes in the archive. */
  compressedSize: number;
  /** Bytes once inflated. */
  size: number;
  /** Offset of the member's local header. */
  offset: number;
  /**
   * Where the next record of the archive begins (another member's local header, or the central
   * directory): the member's local record — header, name, extra field, data and data descriptor —
   * must end by then, or it overlaps another.
   */
  end: number;
}

/** The central directory of a zip archive. */
export interface ZipDirectory {
  /** Members in central-directory order (directories excluded). */
  entries: ZipEntry[];
  /** Whether the archive uses ZIP64 records. */
  zip64: boolean;
  /** Byte range of the central directory, `[start, end)`. */
  directory: [number, number];
  /** Records in the central directory, directories included. */
  count: number;
  /** The central directory's bytes, as read: give them back as `known` to parse them again without reading the archive. */
  bytes: Uint8Array;
}

/** Largest central directory read: 30k pairs take ~6 MB; this is far above any real one. */
export const MAX_DIRECTORY_BYTES = 512 * 1024 * 1024;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
/** The smallest data descriptor: CRC-32 and two 32-bit sizes, without the optional signature. */
const MIN_DESCRIPTOR = 12;

/**
 * Reads a zip archive's central directory by byte ranges: the end-of-central-directory record
 * (ZIP64 locator and record included) from the tail, then the directory itself — two or three
 * reads, whatever the archive's size. Reads what Python's `zipfile` reads: ZIP64 archives whose
 * classic end record has every field at 0xFFFF/0xFFFFFFFF, disk numbers included (APPNOTE
 * 4.4.1.4: the disk counts are then the ZIP64 locator's), archive and member comments, bytes
 * after the end record.
 *
 * Every member is checked: a name that escapes the archive ("zip slip": absolute, `..`, a drive
 * letter, a backslash), encryption, a method other than stored or deflate, a multi-disk archive,
 * and a member whose local record (header, name, data, data descriptor, as far as the central
 * directory tells them) overlaps another member's or the central directory are
 * {@link FormatError}s naming the archive and the member. {@link readZipMember} checks the
 * rest of the local record (its real name and extra-field lengths) against {@link ZipEntry.end}.
 * @param params.known - the central directory already in hand (e.g. from a cache of an earlier
 *   read's `directory`, `count`, `zip64` and `bytes`): parsed and checked as if just read, and
 *   nothing is read from the archive.
 * @example
 * const { entries } = await readZipDirectory({ byteSource: await fromFile({ path: 'train.zip' }) });
 */
export async function readZipDirectory(params: {
  byteSource: ByteSource;
  known?: Pick<ZipDirectory, 'zip64' | 'directory' | 'count' | 'bytes'>;
}): Promise<ZipDirectory> {
  checkParams('readZipDirectory', params, keysOf<Parameters<typeof readZipDirectory>[0]>()('byteSource', 'known'));
  const source = params.byteSource;
  const file = source.name;
  const fail = (message: string) => new FormatError({ module: 'zip', file, message });
  const end = params.known ? knownEnd(params.known, source.byteLength, fail) : await readEnd(source, fail);
  const { count, zip64 } = end;
  const [cdOffset, cdEnd] = end.directory;
  if (cdOffset < 0 || cdEnd > end.dataEnd || cdEnd - cdOffset > MAX_DIRECTORY_BYTES || count * 46 > cdEnd - cdOffset) {
    throw fail(`the central directory claims ${count} entries in bytes [${cdOffset}, ${cdEnd}), which do not fit the ${source.byteLength}-byte archive`);
  }
  const cd = params.known?.bytes ?? (await source.read(cdOffset, cdEnd));
  if (cd.length !== cdEnd - cdOffset) throw fail(`the central directory is ${cd.length} bytes, not the ${cdEnd - cdOffset} its end record says`);
  const v = view(cd);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  // Every record's least extent, directories and hidden members included: none may overlap another.
  const records: { name: string; start: number; end: number; entry?: ZipEntry }[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || v.getUint32(p, true) !== CENTRAL) throw fail(`central directory entry ${i} is corrupt (at byte ${cdOffset + p})`);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc32 = v.getUint32(p + 16, true);
    let compressedSize = v.getUint32(p + 20, true);
    let usize = v.getUint32(p + 24, true);
    const nameLength = v.getUint16(p + 28, true);
    const extraLength = v.getUint16(p + 30, true);
    const commentLength = v.getUint16(p + 32, true);
    let offset = v.getUint32(p + 42, true);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cd.length) throw fail(`central directory entry ${i} runs past the directory`);
    const name = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength));
    // ZIP64 extended information: the 64-bit values, in this order, of the fields that are 0xFFFFFFFF.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = v.getUint16(e, true);
      const len = v.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        const take = (what: string) => {
          if (q + 8 > e + 4 + len) throw fail(`member ${name}: its ZIP64 extra field lacks the ${what}`);
          const value = safe(v.getBigUint64(q, true), `${what} of ${name}`, fail);
          q += 8;
          return value;
        };
        if (usize === 0xffffffff) usize = take('size');
        if (compressedSize === 0xffffffff) compressedSize = take('compressed size');
        if (offset === 0xffffffff) offset = take('offset');
      }
      e += 4 + len;
    }
    p = next;
    const least = offset + 30 + nameLength + compressedSize + (flags & 0x8 ? MIN_DESCRIPTOR : 0);
    if (name.endsWith('/') && usize === 0) {
      records.push({ name, start: offset, end: least }); // a directory: no member, but its local record takes room
      continue;
    }
    const member = (message: string) => fail(`member ${JSON.stringify(name)}: ${message}`);
    if (name === '' || name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').some((s) => s === '..') || name.includes('\0')) {
      throw member('unsafe name (absolute, `..`, a backslash or a drive letter): refusing it');
    }
    if (flags & 0x1) throw member('encrypted members are not supported');
    if (method !== 0 && method !== 8) throw member(`compression method ${method} is not supported (only stored and deflate)`);
    if (method === 0 && compressedSize !== usize) throw member(`stored, but its sizes differ (${compressedSize} vs ${usize})`);
    const entry: ZipEntry = { name, method, flags, crc32, compressedSize, size: usize, offset, end: cdOffset };
    entries.push(entry);
    records.push({ name, start: offset, end: least, entry });
  }
  // Sorted by offset, each record must end before the next begins and the last before the
  // central directory; a member may then use the room up to the next record (`end`), which its
  // local header's real name and extra lengths and its data descriptor are checked against.
  records.sort((a, b) => a.start - b.start);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const next = records[i + 1];
    const limit = next ? next.start : cdOffset;
    if (record.end > limit) {
      const what = next ? `the local record of ${JSON.stringify(next.name)} (at ${next.start})` : `the central directory (at ${cdOffset})`;
      throw fail(`member ${JSON.stringify(record.name)}: its local record [${record.start}, ${record.end}) overlaps ${what} (a zip bomb or a corrupt directory)`);
    }
    if (record.entry) record.entry.end = limit;
  }
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.name)) throw fail(`member ${JSON.stringify(e.name)} appears twice`);
    names.add(e.name);
  }
  return { entries, zip64, directory: [cdOffset, cdEnd], count, bytes: cd };
}

/** What the end records say: where the central directory is, its entry count, and where the data area ends. */
interface EndRecords {
  zip64: boolean;
  count: number;
  directory: [number, number];
  /** Where the central directory must end: the ZIP64 end record, or the classic one. */
  dataEnd: number;
}

/** The end records read from the archive's tail. */
async function readEnd(source: ByteSource, fail: (message: string) => FormatError): Promise<EndRecords> {
  const size = source.byteLength;
  if (size < 22) throw fail(`${size} bytes is too short to be a zip archive`);
  const tailStart = Math.max(0, size - (22 + 65535 + 20));
  const tail = await source.read(tailStart, size);
  const tv = view(tail);
  const eocd = findEndRecord(tail);
  if (eocd < 0) throw fail('no end-of-central-directory record: truncated, or not a zip archive');
  const eocdAbs = tailStart + eocd;
  const disk = tv.getUint16(eocd + 4, true);
  const cdDisk = tv.getUint16(eocd + 6, true);
  const classic = { count: tv.getUint16(eocd + 10, true), cdSize: tv.getUint32(eocd + 12, true), cdOffset: tv.getUint32(eocd + 16, true) };
  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    // APPNOTE 4.4.1.4: with ZIP64 records, any classic field may be 0xFFFF/0xFFFFFFFF — disk
    // numbers too — so the disk counts are the locator's and the ZIP64 record's.
    const locator = eocd - 20;
    const recordDisk = tv.getUint32(locator + 4, true);
    const recordOffset = safe(tv.getBigUint64(locator + 8, true), 'ZIP64 end record offset', fail);
    const disks = tv.getUint32(locator + 16, true);
    if (recordDisk !== 0 || disks > 1) throw fail(`multi-disk (spanned) archives are not supported (the ZIP64 locator counts ${disks} disks)`);
    if (recordOffset + 56 > eocdAbs - 20) throw fail(`the ZIP64 locator points at ${recordOffset}, outside the archive`);
    const rec = view(await source.read(recordOffset, recordOffset + 56));
    if (rec.getUint32(0, true) !== ZIP64_EOCD) throw fail(`no ZIP64 end-of-central-directory record at ${recordOffset}`);
    const count = safe(rec.getBigUint64(32, true), 'entry count', fail);
    if (rec.getUint32(16, true) !== 0 || rec.getUint32(20, true) !== 0 || safe(rec.getBigUint64(24, true), 'entry count on this disk', fail) !== count) {
      throw fail('multi-disk (spanned) archives are not supported (the ZIP64 end record names another disk)');
    }
    const cdSize = safe(rec.getBigUint64(40, true), 'central directory size', fail);
    const cdOffset = safe(rec.getBigUint64(48, true), 'central directory offset', fail);
    return { zip64: true, count, directory: [cdOffset, cdOffset + cdSize], dataEnd: recordOffset };
  }
  if (disk !== 0 || cdDisk !== 0) throw fail('multi-disk (spanned) archives are not supported');
  if (classic.count === 0xffff || classic.cdSize === 0xffffffff || classic.cdOffset === 0xffffffff) {
    throw fail('the archive needs ZIP64 records but has no ZIP64 locator (truncated?)');
  }
  return { zip64: false, count: classic.count, directory: [classic.cdOffset, classic.cdOffset + classic.cdSize], dataEnd: eocdAbs };
}

/**
 * Where the end record is in the tail: the last signature whose comment ends the file exactly;
 * else, as Python's `zipfile`, the last one whose record and comment fit (bytes appended after
 * the archive).
 */
function findEndRecord(tail: Uint8Array): number {
  const tv = view(tail);
  let fits = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) !== EOCD) continue;
    const end = i + 22 + tv.getUint16(i + 20, true);
    if (end === tail.length) return i;
    if (fits < 0 && end < tail.length) fits = i;
  }
  return fits;
}

/** End records given back from an earlier read: checked against the archive's size. */
function knownEnd(known: Pick<ZipDirectory, 'zip64' | 'directory' | 'count'>, size: number, fail: (message: string) => FormatError): EndRecords {
  const [start, end] = known.directory;
  if (![start, end, known.count].every((n) => Number.isSafeInteger(n) && n >= 0) || end < start || typeof known.zip64 !== 'boolean') {
    throw fail(`a central directory said to be in bytes [${start}, ${end}) with ${known.count} entries is not one`);
  }
  // The end records follow the directory: at least 22 bytes (plus 76 with ZIP64).
  return { zip64: known.zip64, count: known.count, directory: [start, end], dataEnd: size - (known.zip64 ? 98 : 22) };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function safe(value: bigint, what: string, fail: (m: string) => Error): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`the ${what} (${value}) is beyond any real archive`);
  return Number(value);
}
