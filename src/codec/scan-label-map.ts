import { labelsFromPngRows } from './internal/labels-from-png-rows.js';
import { labelMapError, readLabelMapHeader } from './internal/read-label-map-header.js';
import { SAMPLES_PER_PIXEL } from './internal/read-png.js';
import { streamPngRows } from './internal/stream-png-rows.js';

/**
 * Which label ids a label-map PNG holds, and its size — what a metadata pass needs of a mask —
 * read by the rules of `decodeLabelMap` (palette indices, stored grey values, 16-bit ids or ids
 * scaled by 257, grey RGB; interlaced or not) and refused where it refuses, with the same errors.
 * Each row is looked at and dropped, and no decoded map is kept; a mask of more than 32 MiB
 * (inflated) is inflated as a stream, so memory stays a few rows whatever the size (a 16383²
 * mask is 268 MB decoded).
 * @returns `ids[v]` is 1 when label id `v` occurs.
 * @throws {FormatError} code `IMAGE_INVALID` naming the mask and saying why.
 * @internal
 */
export async function scanLabelMap(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<{ width: number; height: number; ids: Uint8Array }> {
  const { bytes, name } = params;
  const header = await readLabelMapHeader(params);
  const ids = new Uint8Array(256);
  // One byte a pixel, grey value or palette index: the row is the ids.
  const direct = (header.colorType === 0 || header.colorType === 3) && header.bitDepth === 8;
  const step = header.bitDepth === 16 ? 2 * SAMPLES_PER_PIXEL[header.colorType] : 0;
  // 16-bit maps: ids as stored when no value passes 255, else ids × 257 everywhere — a decision
  // about the whole map, so each row's own reading is kept only if the whole map agrees.
  let high: string | undefined;
  let unequal = false;
  try {
    await streamPngRows({
      bytes,
      header,
      onRows: (rows, pass, y, count) => {
        const place = (x: number, row: number) => `x=${pass.x0 + x * pass.dx}, y=${pass.y0 + (y + row) * pass.dy}`;
        if (direct) return mark(ids, rows);
        for (let r = 0; step > 0 && r < count; r++) {
          for (let x = 0, s = r * pass.stride; x < pass.width; x++, s += step) {
            if (rows[s] !== 0 && high === undefined) high = `${(rows[s] << 8) | rows[s + 1]} at ${place(x, r)}`;
            if (rows[s] !== rows[s + 1]) unequal = true;
          }
        }
        // A block's own reading of its rows; refused only where the whole map would be too.
        mark(ids, labelsFromPngRows({ rows, stride: pass.stride, header: { ...header, width: pass.width, height: count, interlaced: false }, place }));
      },
    });
  } catch (cause) {
    throw labelMapError(name, `cannot decode: ${(cause as Error).message}`, cause);
  }
  if (high !== undefined && unequal) {
    throw labelMapError(name, `cannot decode: a 16-bit map whose values are neither 8-bit ids (≤ 255) nor 8-bit ids scaled by 257: ${high}; save label ids as an 8-bit greyscale or palette PNG`);
  }
  return { width: header.width, height: header.height, ids };
}

/**
 * Marks the ids in `values`. Label maps are long runs of one id, so it reads four at a time
 * and skips a word equal to the one before (about four times faster than a byte loop).
 */
function mark(ids: Uint8Array, values: Uint8Array): void {
  let i = 0;
  const head = Math.min(values.length, (4 - (values.byteOffset & 3)) & 3);
  for (; i < head; i++) ids[values[i]] = 1;
  const words = (values.length - i) >>> 2;
  if (words > 0) {
    const w = new Uint32Array(values.buffer, values.byteOffset + i, words);
    let previous = ~w[0];
    for (let k = 0; k < words; k++) {
      const v = w[k];
      if (v === previous) continue;
      previous = v;
      ids[v & 255] = ids[(v >>> 8) & 255] = ids[(v >>> 16) & 255] = ids[v >>> 24] = 1;
    }
    i += words * 4;
  }
  for (; i < values.length; i++) ids[values[i]] = 1;
}
