import { labelsFromPngRows } from './internal/labels-from-png-rows.js';
import { labelMapError, readLabelMapHeader } from './internal/read-label-map-header.js';
import { streamPngRows } from './internal/stream-png-rows.js';

/**
 * Which label ids a label-map PNG holds, and its size — what a metadata pass needs of a mask —
 * read by the rules of `decodeLabelMap` (palette indices, stored grey values, 16-bit ids or ids
 * scaled by 257, grey RGB; interlaced or not) and refused where it refuses, with the same errors.
 * The image data is inflated as a stream and each row looked at and dropped: memory stays a few
 * rows whatever the size (a 16383² mask is 268 MB decoded), and no decoded map is kept.
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
  const step = header.bitDepth === 16 ? 2 * ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[header.colorType] : 0;
  // 16-bit maps: ids as stored when no value passes 255, else ids × 257 everywhere — a decision
  // about the whole map, so each row's own reading is kept only if the whole map agrees.
  let high: string | undefined;
  let unequal = false;
  try {
    await streamPngRows(bytes, header, (row, pass, y) => {
      const place = (x: number) => `x=${pass.x0 + x * pass.dx}, y=${pass.y0 + y * pass.dy}`;
      if (direct) return mark(ids, row);
      if (step > 0) {
        for (let x = 0, s = 0; x < pass.width; x++, s += step) {
          if (row[s] !== 0 && high === undefined) high = `${(row[s] << 8) | row[s + 1]} at ${place(x)}`;
          if (row[s] !== row[s + 1]) unequal = true;
        }
      }
      mark(ids, labelsFromPngRows({ rows: row, stride: pass.stride, header: { ...header, width: pass.width, height: 1, interlaced: false }, place }));
    });
  } catch (cause) {
    throw labelMapError(name, `cannot decode: ${(cause as Error).message}`, cause);
  }
  if (high !== undefined && unequal) {
    throw labelMapError(name, `cannot decode: a 16-bit map whose values are neither 8-bit ids (≤ 255) nor 8-bit ids scaled by 257: ${high}; save label ids as an 8-bit greyscale or palette PNG`);
  }
  return { width: header.width, height: header.height, ids };
}

function mark(ids: Uint8Array, values: Uint8Array): void {
  for (let i = 0; i < values.length; i++) ids[values[i]] = 1;
}
