import { createInflate } from 'node:zlib';
import { type PngHeader, type PngPass, SAMPLES_PER_PIXEL, pngPasses, readPngChunks, unfilterRows } from './read-png.js';

/**
 * Output chunk of the inflater. Inflating a 16383² image into one buffer costs its 268 MB and
 * the page faults of fresh memory (measured here: 1.4–2.6 s); in 256 KiB chunks whose rows are
 * used and dropped, 0.2–0.35 s and no memory to speak of.
 */
const CHUNK = 256 * 1024;

/**
 * Inflates a PNG's image data as a stream and hands each unfiltered row, pass by pass (one pass
 * unless Adam7), to `onRow` — valid only during the call. It holds one inflate chunk and two
 * rows, whatever the image's size, so a pass that only looks at the pixels (which label ids a
 * mask holds) never holds the image. Inflating stops at the size the header announces.
 * @throws {Error} (the promise rejects) for a missing or truncated image stream, extra data, an
 *   unknown row filter, or what `onRow` throws.
 * @internal
 */
export function streamPngRows(bytes: Uint8Array, header: PngHeader, onRow: (row: Uint8Array, pass: PngPass, y: number) => void): Promise<void> {
  const chunks = readPngChunks(bytes);
  if (chunks.truncatedAt !== undefined) return Promise.reject(new Error(`chunk at byte ${chunks.truncatedAt} runs past the end of the file (truncated?)`));
  if (chunks.idat.length === 0) return Promise.reject(new Error('no image data (IDAT)'));
  if (!chunks.ended) return Promise.reject(new Error('no IEND chunk (truncated?)'));
  const all = pngPasses(header);
  const passes = all.filter((p) => p.height > 0);
  const expected = all.reduce((n, p) => n + p.height * (p.stride + 1), 0);
  const bpp = Math.max(1, (SAMPLES_PER_PIXEL[header.colorType] * header.bitDepth) >> 3);
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
      if (unfilterRows(work, 2, s, bpp) >= 0) {
        const where = passes.length > 1 ? ` of interlace pass ${all.indexOf(p) + 1}` : '';
        throw new Error(`row ${y}${where} has unknown filter type ${work[s + 1]}`);
      }
      onRow(work.subarray(s, 2 * s), p, y);
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
  return new Promise((resolve, reject) => {
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
