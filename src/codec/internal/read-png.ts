import { inflateSync } from 'node:zlib';

/** What a PNG's IHDR chunk says, read before any pixel is inflated. */
export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  /** Adam7 interlacing. */
  interlaced: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IDAT = 0x49444154;
const IEND = 0x49454e44;
/** Samples per pixel of each colour type. */
export const SAMPLES_PER_PIXEL: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Bit depths the PNG standard allows for each colour type. */
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/**
 * The IHDR of a PNG, or `undefined` when the bytes are not a PNG. A PNG whose header breaks the
 * standard (a zero size, a bit depth its colour type cannot have) throws an Error saying so.
 * @internal
 */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  if (bytes.length < 8) return undefined;
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) return undefined;
  if (bytes.length < 33) throw new Error('PNG header cut short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new Error('PNG without an IHDR chunk first');
  const header = { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24], colorType: bytes[25], interlaced: bytes[28] === 1 };
  if (header.width === 0 || header.height === 0) throw new Error(`PNG of ${header.width}×${header.height} pixels`);
  if (!DEPTHS[header.colorType]?.includes(header.bitDepth) || bytes[26] !== 0 || bytes[27] !== 0 || bytes[28] > 1) {
    throw new Error(`PNG header with colour type ${header.colorType}, bit depth ${header.bitDepth}, compression ${bytes[26]}, filter ${bytes[27]}, interlace ${bytes[28]}: not a valid combination`);
  }
  return header;
}

/**
 * Inflates and unfilters a PNG's image data into its rows of stored samples, packed as a
 * non-interlaced PNG packs them (`stride` bytes a row; sub-byte samples several to a byte, 16-bit
 * samples big-endian); an Adam7-interlaced image is de-interlaced into the same rows, so it costs
 * its inflated stream and its rows, no more. Ancillary chunks are ignored: the stored samples are
 * what they are, whatever gamma or colour profile a viewer would apply. The inflated size is
 * bounded by what the header announces, so a stream that inflates further (a bomb) stops there
 * and is an error.
 * @throws {Error} for a missing or truncated image stream, extra data, or an unknown row filter.
 * @internal
 */
export function inflatePngRows(bytes: Uint8Array, header: PngHeader): { rows: Uint8Array; stride: number } {
  const bitsPerPixel = SAMPLES_PER_PIXEL[header.colorType] * header.bitDepth;
  const stride = Math.ceil((header.width * bitsPerPixel) / 8);
  const passes = pngPasses(header);
  const expected = passes.reduce((n, p) => n + p.height * (p.stride + 1), 0);
  const raw = inflateImageData(checkedChunks(bytes), header, expected);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (header.interlaced) {
    const rows = new Uint8Array(header.height * stride);
    passes.forEach((pass, i) => {
      const data = raw.subarray(pass.offset, pass.offset + pass.height * (pass.stride + 1));
      const bad = unfilterRows(data, pass.height, pass.stride, bpp);
      if (bad >= 0) throw new Error(`row ${bad} of interlace pass ${i + 1} has unknown filter type ${data[bad * (pass.stride + 1)]}`);
      scatterPass(data, pass, rows, stride, header.bitDepth, bitsPerPixel);
    });
    return { rows, stride };
  }
  const bad = unfilterRows(raw, header.height, stride, bpp);
  // Rows before the bad one moved left in place; its own filter byte is still where it was.
  if (bad >= 0) throw new Error(`row ${bad} has unknown filter type ${raw[bad * (stride + 1)]}`);
  // A plain Uint8Array over memory of its own: zlib hands out a Buffer (whose slice() is a view,
  // not a copy), small ones carved from Node's shared pool, which must never be transferred.
  const length = header.height * stride;
  const owned = raw.byteOffset === 0 && raw.buffer.byteLength < 2 * expected;
  return { rows: owned ? new Uint8Array(raw.buffer, 0, length) : new Uint8Array(raw.subarray(0, length)), stride };
}

/**
 * A PNG's chunks, with the image data there and whole.
 * @throws {Error} for a truncated chunk, no IDAT or no IEND.
 * @internal
 */
export function checkedChunks(bytes: Uint8Array): PngChunks {
  const chunks = readPngChunks(bytes);
  if (chunks.truncatedAt !== undefined) throw new Error(`chunk at byte ${chunks.truncatedAt} runs past the end of the file (truncated?)`);
  if (chunks.idat.length === 0) throw new Error('no image data (IDAT)');
  if (!chunks.ended) throw new Error('no IEND chunk (truncated?)');
  return chunks;
}

/**
 * The image data inflated in one piece, which must be exactly `expected` bytes: inflating stops
 * there, so a stream that inflates further (a bomb) costs no more and is an error.
 * @internal
 */
export function inflateImageData(chunks: PngChunks, header: PngHeader, expected: number): Uint8Array {
  const stream = joinImageStream(chunks);
  let raw: Uint8Array;
  try {
    // A byte to spare: node allocates another whole chunk when the output fills one exactly.
    raw = inflateSync(stream.bytes, { chunkSize: Math.max(64, Math.min(expected + 1, 1 << 24)), maxOutputLength: expected });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new Error(code === 'ERR_BUFFER_TOO_LARGE' ? `image data inflates to more than the ${expected} bytes its ${header.width}×${header.height} header allows` : `image data does not inflate: ${(cause as Error).message}`);
  } finally {
    stream.release();
  }
  if (raw.length !== expected) throw new Error(`image data inflates to ${raw.length} bytes, ${expected} expected (truncated?)`);
  return raw;
}

/** One Adam7 pass: the pixels `(x0 + i·dx, y0 + j·dy)`, stored as a small image of its own. */
export interface PngPass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  /** Bytes per row of the pass. */
  stride: number;
  /** Where the pass's rows (each after its filter byte) begin in the inflated stream. */
  offset: number;
}

const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * Where a PNG's rows are in its inflated stream: one pass of the whole image, or the seven passes
 * of an Adam7 image (an empty pass, in a small image, has no bytes, not even filter bytes).
 * @internal
 */
export function pngPasses(header: PngHeader): PngPass[] {
  const { width, height } = header;
  const bitsPerPixel = SAMPLES_PER_PIXEL[header.colorType] * header.bitDepth;
  const passes: PngPass[] = [];
  let offset = 0;
  for (const [x0, y0, dx, dy] of header.interlaced ? ADAM7 : [[0, 0, 1, 1] as const]) {
    const w = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const h = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    const stride = Math.ceil((w * bitsPerPixel) / 8);
    const pass = { x0, y0, dx, dy, width: w, height: w === 0 ? 0 : h, stride, offset };
    passes.push(pass);
    offset += pass.height * (stride + 1);
  }
  return passes;
}

/** Copies an unfiltered pass (rows packed at the start of `data`) to its pixels' places in the image's rows. */
function scatterPass(data: Uint8Array, pass: PngPass, rows: Uint8Array, stride: number, bitDepth: number, bitsPerPixel: number): void {
  const { x0, y0, dx, dy, width, height } = pass;
  for (let y = 0; y < height; y++) {
    const src = y * pass.stride;
    const dst = (y0 + y * dy) * stride;
    if (dx === 1) {
      rows.set(data.subarray(src, src + pass.stride), dst); // pass 7: whole rows
    } else if (bitsPerPixel === 8) {
      for (let x = 0, o = dst + x0; x < width; x++, o += dx) rows[o] = data[src + x];
    } else if (bitDepth >= 8) {
      const bytes = bitsPerPixel >> 3;
      for (let x = 0; x < width; x++) {
        const from = src + x * bytes;
        const to = dst + (x0 + x * dx) * bytes;
        for (let b = 0; b < bytes; b++) rows[to + b] = data[from + b];
      }
    } else {
      // Sub-byte samples (one channel): most significant bits first, in the pass and in the row.
      const mask = (1 << bitDepth) - 1;
      for (let x = 0; x < width; x++) {
        const bit = x * bitDepth;
        const value = (data[src + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & mask;
        const at = (x0 + x * dx) * bitDepth;
        rows[dst + (at >> 3)] |= value << (8 - bitDepth - (at & 7));
      }
    }
  }
}

/**
 * Bytes a decode of this PNG by {@link inflatePngRows} holds at its peak: the image stream
 * joined, the inflated stream, the de-interlaced rows, and `outputBytesPerPixel` a pixel of what
 * the caller makes of them.
 * @internal
 */
export function pngDecodeBytes(header: PngHeader, fileBytes: number, outputBytesPerPixel: number): number {
  const stride = Math.ceil((header.width * SAMPLES_PER_PIXEL[header.colorType] * header.bitDepth) / 8);
  // Adam7 adds at most a filter byte and a partly used byte to each pass's rows.
  const inflated = header.height * (stride + 1) * (header.interlaced ? 2 : 1);
  return fileBytes + inflated + header.width * header.height * outputBytesPerPixel;
}

/** A PNG's chunks after IHDR, up to IEND, as {@link readPngChunks} finds them. */
export interface PngChunks {
  /** The image stream's pieces (IDAT chunks' data, views of the file). */
  idat: Uint8Array[];
  /** Their total length. */
  idatBytes: number;
  /** The types of the other chunks before IEND (`PLTE`, `tEXt` …). */
  others: string[];
  /** Whether an IEND chunk was reached. */
  ended: boolean;
  /** Where a chunk runs past the end of the file, if one does (the walk stops there). */
  truncatedAt: number | undefined;
}

/** Walks a PNG's chunks from the one after IHDR (CRCs not checked: zlib's Adler-32 guards the pixel data). */
export function readPngChunks(bytes: Uint8Array): PngChunks {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunks = { idat: [], idatBytes: 0, others: [], ended: false, truncatedAt: undefined };
  for (let p = 33; p + 12 <= bytes.length; ) {
    const length = view.getUint32(p);
    const type = view.getUint32(p + 4);
    if (p + 12 + length > bytes.length) {
      chunks.truncatedAt = p;
      break;
    }
    if (type === IDAT) {
      chunks.idat.push(bytes.subarray(p + 8, p + 8 + length));
      chunks.idatBytes += length;
    } else if (type === IEND) {
      chunks.ended = true;
      break;
    } else {
      chunks.others.push(String.fromCharCode(bytes[p + 4], bytes[p + 5], bytes[p + 6], bytes[p + 7]));
    }
    p += 12 + length;
  }
  return chunks;
}

/**
 * Buffers image streams were joined in, kept for the next decodes. Encoders cut the stream into
 * chunks of 8 KiB (libpng, libspng) or 64 KiB (PIL), so a photograph's stream is nearly always
 * joined — at 1024² a fresh 3 MB buffer per decode, zero-filled, and a third of a loader's time
 * went to collecting such buffers. A few spares, none above {@link SPARE_MAX_BYTES}.
 */
const spares: Uint8Array[] = [];
const SPARES = 4;
const SPARE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The image stream in one piece: the single IDAT chunk's data as it is, or the pieces joined in
 * a reused buffer. Call `release` once inflating is done (the buffer then serves another decode).
 */
export function joinImageStream(chunks: PngChunks): { bytes: Uint8Array; release: () => void } {
  if (chunks.idat.length === 1) return { bytes: chunks.idat[0], release: () => undefined };
  const size = chunks.idatBytes;
  const at = spares.findIndex((b) => b.length >= size && b.length <= 2 * size);
  const buffer = at >= 0 ? spares.splice(at, 1)[0] : new Uint8Array(size);
  const bytes = buffer.subarray(0, size);
  let o = 0;
  for (const part of chunks.idat) {
    bytes.set(part, o);
    o += part.length;
  }
  return {
    bytes,
    release: () => {
      if (buffer.length <= SPARE_MAX_BYTES && spares.length < SPARES && !spares.includes(buffer)) spares.push(buffer);
    },
  };
}

/**
 * Undoes the per-row filters in place (`stride` bytes a row after each filter byte, `bpp` the
 * filter's byte distance: bytes per pixel, at least 1), shifting each row left over its filter
 * byte so the rows end up packed at the start of `raw`. The one unfilter of both PNG decoders
 * (images and label maps); the first `bpp` bytes of a row and the first row are split out of
 * the loops so the hot loops have no branch.
 * @returns -1, or the first row whose filter type is unknown.
 * @internal
 */
export function unfilterRows(raw: Uint8Array, height: number, stride: number, bpp: number): number {
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    const up = dst - stride; // previous row, already in place
    const filter = raw[src - 1];
    const head = Math.min(bpp, stride);
    if (filter === 0) {
      raw.copyWithin(dst, src, src + stride);
    } else if (filter === 1) {
      for (let i = 0; i < head; i++) raw[dst + i] = raw[src + i];
      for (let i = bpp; i < stride; i++) raw[dst + i] = (raw[src + i] + raw[dst + i - bpp]) & 255;
    } else if (filter === 2) {
      if (y === 0) raw.copyWithin(dst, src, src + stride);
      else for (let i = 0; i < stride; i++) raw[dst + i] = (raw[src + i] + raw[up + i]) & 255;
    } else if (filter === 3) {
      if (y === 0) {
        for (let i = 0; i < head; i++) raw[dst + i] = raw[src + i];
        for (let i = bpp; i < stride; i++) raw[dst + i] = (raw[src + i] + (raw[dst + i - bpp] >> 1)) & 255;
      } else {
        for (let i = 0; i < head; i++) raw[dst + i] = (raw[src + i] + (raw[up + i] >> 1)) & 255;
        for (let i = bpp; i < stride; i++) raw[dst + i] = (raw[src + i] + ((raw[dst + i - bpp] + raw[up + i]) >> 1)) & 255;
      }
    } else if (filter === 4) {
      if (y === 0) {
        // Paeth with no row above is the left neighbour (Sub).
        for (let i = 0; i < head; i++) raw[dst + i] = raw[src + i];
        for (let i = bpp; i < stride; i++) raw[dst + i] = (raw[src + i] + raw[dst + i - bpp]) & 255;
      } else {
        for (let i = 0; i < head; i++) raw[dst + i] = (raw[src + i] + raw[up + i]) & 255;
        for (let i = bpp; i < stride; i++) {
          const a = raw[dst + i - bpp];
          const b = raw[up + i];
          const c = raw[up + i - bpp];
          let pa = b - c;
          let pb = a - c;
          let pc = pa + pb;
          pa = pa < 0 ? -pa : pa;
          pb = pb < 0 ? -pb : pb;
          pc = pc < 0 ? -pc : pc;
          raw[dst + i] = (raw[src + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        }
      }
    } else {
      return y;
    }
  }
  return -1;
}

