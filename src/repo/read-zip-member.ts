import { inflateSync } from 'fflate';
import { FormatError } from '../errors.js';
import { crc32 } from '../internal/crc32.js';
import type { ByteSource } from '../io/byte-source.js';
import type { ZipEntry } from './read-zip-directory.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Largest member inflated unless asked for more: far above a 1024² PNG, far below a bomb. */
export const DEFAULT_MAX_MEMBER_BYTES = 512 * 1024 * 1024;
/** Deflate cannot expand data more than ~1032:1; a larger declared ratio is a lie. */
const MAX_DEFLATE_RATIO = 1032;
/** Room for a local header's name and extra fields, read together with the data. */
const LOCAL_SLACK = 30 + 256;
/** Largest data descriptor: signature, CRC-32 and two 64-bit sizes. */
const MAX_DESCRIPTOR = 24;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

/**
 * The bytes of one zip member, read by one range request (local header, data and data descriptor
 * together; a second only if the local header's name and extra field are unusually long). The
 * local header is checked against the central directory (signature, name, method, sizes), and
 * the member's whole local record — header, name, extra field, data and data descriptor (with or
 * without its signature, 32- or 64-bit sizes, which must be the central directory's) — must end
 * before the next record of the archive ({@link ZipEntry.end}), so no member ever overlaps
 * another. A deflated member is inflated with fflate into a buffer of its declared size and must
 * fill it exactly; the CRC-32 must match. Every mismatch is a {@link FormatError} naming the
 * archive and the member — never a crash or an allocation beyond `maxBytes`.
 * @param params.prefetched - bytes of the archive already in hand (`[start, bytes)`), e.g. one
 *   read covering several adjacent members.
 * @example
 * const { entries } = await readZipDirectory({ byteSource });
 * const png = await readZipMember({ byteSource, entry: entries[0] });
 */
export async function readZipMember(params: {
  byteSource: ByteSource;
  entry: ZipEntry;
  /** Refuse members larger than this once inflated. @default 512 MiB */
  maxBytes?: number;
  prefetched?: { start: number; bytes: Uint8Array };
}): Promise<Uint8Array> {
  checkParams('readZipMember', params, keysOf<Parameters<typeof readZipMember>[0]>()('byteSource', 'entry', 'maxBytes', 'prefetched'));
  const { byteSource: source, entry } = params;
  const fail = (message: string) => new FormatError({ module: 'zip', file: source.name, message: `member ${JSON.stringify(entry.name)}: ${message}` });
  const maxBytes = params.maxBytes ?? DEFAULT_MAX_MEMBER_BYTES;
  if (entry.size > maxBytes) throw fail(`${entry.size} bytes inflated is more than the ${maxBytes} allowed`);
  if (entry.method === 8 && entry.size > Math.max(1024, entry.compressedSize * MAX_DEFLATE_RATIO)) {
    throw fail(`declares ${entry.size} bytes from ${entry.compressedSize} compressed: more than deflate can produce`);
  }
  const limit = Math.min(entry.end, source.byteLength);
  if (entry.offset + 30 > limit) throw fail(`no room for a local header at offset ${entry.offset} before the next record at ${limit}`);
  const fetch = async (start: number, end: number): Promise<Uint8Array> => {
    const pre = params.prefetched;
    if (pre && start >= pre.start && end <= pre.start + pre.bytes.length) return pre.bytes.subarray(start - pre.start, end - pre.start);
    return source.read(start, end);
  };
  // Never past the next record: bytes there belong to another member.
  let block = await fetch(entry.offset, Math.min(limit, entry.offset + LOCAL_SLACK + entry.compressedSize + MAX_DESCRIPTOR));
  const v = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (v.getUint32(0, true) !== LOCAL) throw fail(`no local header at offset ${entry.offset}`);
  const flags = v.getUint16(6, true);
  const method = v.getUint16(8, true);
  const localCrc = v.getUint32(14, true);
  const localCompressed = v.getUint32(18, true);
  const localSize = v.getUint32(22, true);
  const nameLength = v.getUint16(26, true);
  const extraLength = v.getUint16(28, true);
  const dataStart = entry.offset + 30 + nameLength + extraLength;
  const dataEnd = dataStart + entry.compressedSize;
  // The real name and extra lengths, which the central directory does not tell: a long name or
  // extra field may not hide another member's local record.
  if (dataEnd > limit) throw fail(`its local record (header, ${nameLength}-byte name, ${extraLength}-byte extra field, ${entry.compressedSize} bytes of data) runs past the next record at ${limit}: it overlaps another member`);
  const nameBytes = 30 + nameLength <= block.length ? block.subarray(30, 30 + nameLength) : await fetch(entry.offset + 30, entry.offset + 30 + nameLength);
  const name = new TextDecoder().decode(nameBytes);
  if (name !== entry.name) throw fail(`its local header names ${JSON.stringify(name)}`);
  if (method !== entry.method) throw fail(`its local header says method ${method}, the central directory ${entry.method}`);
  // With bit 3 the local sizes may be zero (they follow the data); 0xFFFFFFFF defers to ZIP64.
  if (!(flags & 0x8)) {
    if (localCrc !== entry.crc32) throw fail('its local header and the central directory disagree on the CRC-32');
    if (localCompressed !== 0xffffffff && localCompressed !== entry.compressedSize) throw fail(`its local header says ${localCompressed} compressed bytes, the central directory ${entry.compressedSize}`);
    if (localSize !== 0xffffffff && localSize !== entry.size) throw fail(`its local header says ${localSize} bytes, the central directory ${entry.size}`);
  }
  const inBlock = (end: number) => end <= entry.offset + block.length;
  const data = inBlock(dataEnd) ? block.subarray(dataStart - entry.offset, dataEnd - entry.offset) : await fetch(dataStart, dataEnd);
  if (flags & 0x8) {
    const end = Math.min(limit, dataEnd + MAX_DESCRIPTOR);
    const tail = inBlock(end) ? block.subarray(dataEnd - entry.offset, end - entry.offset) : await fetch(dataEnd, end);
    if (descriptorLength(tail, entry) === undefined) {
      throw fail(`no data descriptor matching the central directory (CRC-32 and sizes) in the ${tail.length} bytes after its data, before the next record at ${limit}`);
    }
  }
  block = new Uint8Array(0);
  let out: Uint8Array;
  if (entry.method === 0) out = data.slice();
  else {
    // One byte of room past the declared size: a member that inflates further fills it and is caught.
    const buffer = new Uint8Array(entry.size + 1);
    let produced: Uint8Array;
    try {
      produced = inflateSync(data, { out: buffer });
    } catch (cause) {
      throw fail(`does not inflate: ${(cause as Error).message}`);
    }
    if (produced.length > entry.size) throw fail(`inflates to more than its declared ${entry.size} bytes`);
    if (produced.length < entry.size) throw fail(`inflates to ${produced.length} bytes, not the declared ${entry.size}`);
    out = buffer.subarray(0, entry.size);
  }
  if (crc32(out) !== entry.crc32) throw fail('CRC-32 mismatch: the member is corrupt');
  return out;
}

/**
 * The length of the data descriptor at the start of `bytes` — with or without its signature,
 * with 32- or 64-bit sizes (APPNOTE 4.3.9) — told apart by which layout holds the central
 * directory's CRC-32 and sizes; `undefined` when none does.
 */
function descriptorLength(bytes: Uint8Array, entry: ZipEntry): number | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signed = bytes.length >= 4 && v.getUint32(0, true) === DESCRIPTOR;
  for (const at of signed ? [4, 0] : [0]) {
    for (const wide of [false, true]) {
      const length = at + 4 + (wide ? 16 : 8);
      if (length > bytes.length || v.getUint32(at, true) !== entry.crc32) continue;
      const compressed = wide ? Number(v.getBigUint64(at + 4, true)) : v.getUint32(at + 4, true);
      const size = wide ? Number(v.getBigUint64(at + 12, true)) : v.getUint32(at + 8, true);
      if (compressed === entry.compressedSize && size === entry.size) return length;
    }
  }
  return undefined;
}
