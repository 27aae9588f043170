import { FormatError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';

/** One member of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** Member name, `/`-separated (checked: relative, no `..`, no drive letter). */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** General-purpose flags (bit 3: sizes in a data descriptor). */
  flags: number;
  /** CRC-32 of the uncompressed bytes. */
  crc32: number;
  /** Bytes in the archive. */
  compressedSize: number;
  /** Bytes once inflated. */
  size: number;
  /** Offset of the member's local header. */
  offset: number;
}

/** The central directory of a zip archive. */
export interface ZipDirectory {
  /** Members in central-directory order (directories excluded). */
  entries: ZipEntry[];
  /** Whether the archive uses ZIP64 records. */
  zip64: boolean;
  /** Byte range of the central directory, `[start, end)`. */
  directory: [number, number];
}

/** Largest central directory read: 30k pairs take ~6 MB; this is far above any real one. */
const MAX_DIRECTORY_BYTES = 512 * 1024 * 1024;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;

/**
 * Reads a zip archive's central directory by byte ranges: the end-of-central-directory record
 * (ZIP64 locator and record included) from the tail, then the directory itself — two or three
 * reads, whatever the archive's size. Every member is checked: a name that escapes the archive
 * ("zip slip": absolute, `..`, a drive letter, a backslash), encryption, a method other than
 * stored or deflate, a member that lies outside the data area or overlaps another are
 * {@link FormatError}s naming the archive and the member.
 * @example
 * const { entries } = await readZipDirectory({ byteSource: await fromFile({ path: 'train.zip' }) });
 */
export async function readZipDirectory(params: { byteSource: ByteSource }): Promise<ZipDirectory> {
  const source = params.byteSource;
  const file = source.name;
  const fail = (message: string) => new FormatError({ module: 'zip', file, message });
  const size = source.byteLength;
  if (size < 22) throw fail(`${size} bytes is too short to be a zip archive`);
  const tailStart = Math.max(0, size - (22 + 65535 + 20));
  const tail = await source.read(tailStart, size);
  const tv = view(tail);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD && i + 22 + tv.getUint16(i + 20, true) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail('no end-of-central-directory record: truncated, or not a zip archive');
  if (tv.getUint16(eocd + 4, true) !== 0 || tv.getUint16(eocd + 6, true) !== 0) throw fail('multi-disk (spanned) archives are not supported');
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  let zip64 = false;
  const eocdAbs = tailStart + eocd;
  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    zip64 = true;
    const recordOffset = Number(tv.getBigUint64(eocd - 20 + 8, true));
    if (recordOffset + 56 > eocdAbs - 20) throw fail(`the ZIP64 locator points at ${recordOffset}, outside the archive`);
    const rec = view(await source.read(recordOffset, recordOffset + 56));
    if (rec.getUint32(0, true) !== ZIP64_EOCD) throw fail(`no ZIP64 end-of-central-directory record at ${recordOffset}`);
    count = safe(rec.getBigUint64(32, true), 'entry count', fail);
    cdSize = safe(rec.getBigUint64(40, true), 'central directory size', fail);
    cdOffset = safe(rec.getBigUint64(48, true), 'central directory offset', fail);
  } else if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw fail('the archive needs ZIP64 records but has no ZIP64 locator (truncated?)');
  }
  const cdEnd = cdOffset + cdSize;
  const dataEnd = zip64 ? eocdAbs - 20 : eocdAbs;
  if (cdEnd > dataEnd || cdSize > MAX_DIRECTORY_BYTES || count * 46 > cdSize) {
    throw fail(`the central directory claims ${count} entries in bytes [${cdOffset}, ${cdEnd}), which do not fit the ${size}-byte archive`);
  }
  const cd = await source.read(cdOffset, cdEnd);
  const v = view(cd);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
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
    if (name.endsWith('/') && usize === 0) continue; // a directory
    const member = (message: string) => fail(`member ${JSON.stringify(name)}: ${message}`);
    if (name === '' || name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').some((s) => s === '..') || name.includes('\0')) {
      throw member('unsafe name (absolute, `..`, a backslash or a drive letter): refusing it');
    }
    if (flags & 0x1) throw member('encrypted members are not supported');
    if (method !== 0 && method !== 8) throw member(`compression method ${method} is not supported (only stored and deflate)`);
    if (method === 0 && compressedSize !== usize) throw member(`stored, but its sizes differ (${compressedSize} vs ${usize})`);
    if (offset + 30 + nameLength + compressedSize > cdOffset) throw member(`its data (at ${offset}, ${compressedSize} bytes) runs into the central directory`);
    entries.push({ name, method, flags, crc32, compressedSize, size: usize, offset });
  }
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1];
    if (prev.offset + 30 + prev.compressedSize > byOffset[i].offset) {
      throw fail(`members ${JSON.stringify(prev.name)} and ${JSON.stringify(byOffset[i].name)} overlap (a zip bomb or a corrupt directory)`);
    }
  }
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.name)) throw fail(`member ${JSON.stringify(e.name)} appears twice`);
    names.add(e.name);
  }
  return { entries, zip64, directory: [cdOffset, cdEnd] };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function safe(value: bigint, what: string, fail: (m: string) => Error): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`the ${what} (${value}) is beyond any real archive`);
  return Number(value);
}
