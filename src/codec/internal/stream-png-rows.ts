import { createInflate } from 'node:zlib';
import { type PngHeader, type PngPass, SAMPLES_PER_PIXEL, checkedChunks, inflateImageData, pngPasses, unfilterRows } from './read-png.js';
import { reserveDecodeMemory } from './reserve-decode-memory.js';

/** Image data up to this size (inflated) is inflated at once; larger data as a stream. */
const WHOLE_MAX_BYTES = 32 * 1024 * 1024;
/**
 * Output chunk of the inflater. Inflating a 16383² image into one buffer costs its 268 MB and
 * the page faults of fresh memory (measured here: 1.4–2.6 s); in 256 KiB chunks whose rows are
 * used and dropped, 0.2–0.35 s and no memory to speak of.
 */
const CHUNK = 256 * 1024;

/**
 * Hands the unfiltered rows of a PNG, pass by pass (one pass unless Adam7), to `onRows`: a
 * pass's rows at once when the image is inflated whole, one row at a time when streamed. Image data of more than 32 MiB inflated is inflated as a stream: one
 * inflate chunk and two rows are held, whatever the image's size, so a pass that only looks at
 * the pixels (which label ids a mask holds) never holds a huge image; smaller data is inflated at
 * once (its memory reserved from the decode budget). Inflating stops at the size the header
 * announces.
 * @throws {Error} (the promise rejects) for a missing or truncated image stream, extra data, an
 *   unknown row filter, or what `onRows` throws.
 * @internal
 */
export async function streamPngRows(params: {
  bytes: Uint8Array;
  header: PngHeader;
  /** Rows `y` to `y + count - 1` of `pass`, unfiltered, packed `pass.stride` bytes each; valid only during the call. */
  onRows: (rows: Uint8Array, pass: PngPass, y: number, count: number) => void;
  /** Inflate at once up to this many bytes. @default 32 MiB */
  wholeMaxBytes?: number;
}): Promise<void> {
  const { bytes, header, onRows } = params;
  const chunks = checkedChunks(bytes);
  const all = pngPasses(header);
  const passes = all.filter((p) => p.height > 0);
  const expected = all.reduce((n, p) => n + p.height * (p.stride + 1), 0);
  const bpp = Math.max(1, (SAMPLES_PER_PIXEL[header.colorType] * header.bitDepth) >> 3);
  const unknownFilter = (p: PngPass, y: number, filter: number) =>
    new Error(`row ${y}${passes.length > 1 ? ` of interlace pass ${all.indexOf(p) + 1}` : ''} has unknown filter type ${filter}`);
  if (expected <= (params.wholeMaxBytes ?? WHOLE_MAX_BYTES)) {
    // Small enough to inflate at once on this thread, rows unfiltered in place: a stream's trips
    // to the thread pool cost ten to twenty times more here (0.6 vs 0.04 ms for a 256² mask).
    const release = await reserveDecodeMemory(bytes.length + expected);
    try {
      const raw = inflateImageData(chunks, header, expected);
      for (const p of passes) {
        const data = raw.subarray(p.offset, p.offset + p.height * (p.stride + 1));
        const bad = unfilterRows(data, p.height, p.stride, bpp);
        if (bad >= 0) throw unknownFilter(p, bad, data[bad * (p.stride + 1)]);
        onRows(data.subarray(0, p.height * p.stride), p, 0, p.height);
      }
    } finally {
      release();
    }
    return;
  }
  // [0] a filter byte of 0 and the previous row (unfiltered), then the row coming in (filter byte
  // and samples): unfilterRows over these two rows leaves the new one unfiltered at [stride, 2·stride).
  const work = new Uint8Array(2 * (Math.max(...passes.map((p) => p.stride)) + 1));
  let pass = 0;
  let y = 0;
  let fill = 0;
  let total = 0;
  const consume = (data: Uint8Array) => {
    total += data.length;
    for (let i = 0; i < data.length; ) {
      if (pass >= passes.length) throw new Error(`image data inflates to more than the ${expected} bytes its ${header.width}×${header.height} header allows`);
      const p = passes[pass];
      const s = p.stride;
      const take = Math.min(s + 1 - fill, data.length - i);
      work.set(data.subarray(i, i + take), s + 1 + fill);
      fill += take;
      i += take;
      if (fill < s + 1) continue;
      if (unfilterRows(work, 2, s, bpp) >= 0) throw unknownFilter(p, y, work[s + 1]);
      onRows(work.subarray(s, 2 * s), p, y, 1);
      fill = 0;
      if (++y < p.height) {
        work.copyWithin(1, s, 2 * s); // the row just read is the next one's previous row
        work[0] = 0;
      } else {
        pass++;
        y = 0;
        work.fill(0); // a pass's first row has no previous row: zeros, as PNG says
      }
    }
  };
  return new Promise<void>((resolve, reject) => {
    const inflater = createInflate({ chunkSize: CHUNK });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      reject(error);
    };
    inflater.on('data', (data: Buffer) => {
      if (settled) return;
      try {
        consume(data);
      } catch (error) {
        fail(error as Error);
      }
    });
    inflater.on('error', (error) => fail(new Error(`image data does not inflate: ${error.message}`)));
    inflater.on('end', () => {
      if (settled) return;
      if (total !== expected) return fail(new Error(`image data inflates to ${total} bytes, ${expected} expected (truncated?)`));
      settled = true;
      resolve();
    });
    for (const part of chunks.idat) inflater.write(part);
    inflater.end();
  });
}
