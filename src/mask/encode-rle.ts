import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { type CompressedRle, countsToString } from './rle-counts.js';

/**
 * Encodes a binary mask as a COCO compressed RLE, byte for byte what pycocotools'
 * `mask.encode(np.asfortranarray(m))` gives.
 *
 * The mask is read row-major (as images are stored); RLE runs are column-major. Rather than
 * walking the image column by column (a cache miss per pixel on large images), it compares each
 * row with the one above, four bytes at a time where the row width allows, and records where
 * the column-major sequence changes value.
 *
 * @param params.mask - `width × height` bytes, row-major; any non-zero byte is inside the mask.
 * @param params.width - columns of the mask.
 * @param params.height - rows of the mask.
 * @throws {ArgumentError} when the mask is not `width × height` bytes (or the call is positional).
 * @example
 * encodeRle({ mask: new Uint8Array([0, 1, 1, 0, 1, 0]), height: 2, width: 3 }) // { size: [2, 3], counts: '231' }
 */
export function encodeRle(params: { mask: Uint8Array; width: number; height: number }): CompressedRle {
  const { mask, width, height } = checkParams('encodeRle', params, ['mask', 'width', 'height']);
  if (!(mask instanceof Uint8Array)) throw new ArgumentError({ message: 'encodeRle: mask must be a Uint8Array' });
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new ArgumentError({ message: `encodeRle: height and width must be non-negative integers, got ${height}×${width}` });
  }
  if (mask.length !== height * width) {
    throw new ArgumentError({ message: `encodeRle: mask has ${mask.length} bytes, expected ${height}×${width} = ${height * width}` });
  }
  const n = height * width;
  if (n === 0) return { size: [height, width], counts: countsToString([0]) };

  // changesPerColumn[x] lists rows y where column-major value changes at (y, x).
  const columnOf: number[] = [];
  const rowOf: number[] = [];
  // Row 0 against the bottom of the previous column (column-major order wraps columns).
  let prevBottom = 0;
  for (let x = 0; x < width; x++) {
    const v = mask[x] !== 0 ? 1 : 0;
    if (v !== prevBottom) {
      columnOf.push(x);
      rowOf.push(0);
    }
    prevBottom = mask[(height - 1) * width + x] !== 0 ? 1 : 0;
  }
  const aligned = width % 4 === 0 && mask.byteOffset % 4 === 0;
  const words = aligned ? new Uint32Array(mask.buffer, mask.byteOffset, n / 4) : undefined;
  const wordsPerRow = width / 4;
  for (let y = 1; y < height; y++) {
    const row = y * width;
    const above = row - width;
    if (words) {
      const wr = y * wordsPerRow;
      for (let j = 0; j < wordsPerRow; j++) {
        // Equal words mean equal bytes, hence equal inside/outside: skip four pixels at once.
        if (words[wr + j] === words[wr + j - wordsPerRow]) continue;
        for (let x = j * 4; x < j * 4 + 4; x++) {
          if ((mask[row + x] !== 0) !== (mask[above + x] !== 0)) {
            columnOf.push(x);
            rowOf.push(y);
          }
        }
      }
    } else {
      for (let x = 0; x < width; x++) {
        if ((mask[row + x] !== 0) !== (mask[above + x] !== 0)) {
          columnOf.push(x);
          rowOf.push(y);
        }
      }
    }
  }
  // Counting sort by column keeps rows ascending within a column (they were pushed row by row,
  // except the row-0 entries, which come first and stay first).
  const start = new Uint32Array(width + 1);
  for (let i = 0; i < columnOf.length; i++) start[columnOf[i] + 1]++;
  for (let x = 0; x < width; x++) start[x + 1] += start[x];
  const positions = new Float64Array(columnOf.length);
  const fill = start.slice(0, width);
  for (let i = 0; i < columnOf.length; i++) {
    const x = columnOf[i];
    positions[fill[x]++] = x * height + rowOf[i];
  }
  const counts: number[] = [];
  let last = 0;
  for (let i = 0; i < positions.length; i++) {
    counts.push(positions[i] - last);
    last = positions[i];
  }
  counts.push(n - last);
  return { size: [height, width], counts: countsToString(counts) };
}
