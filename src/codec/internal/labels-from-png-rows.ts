import { type PngHeader, SAMPLES_PER_PIXEL } from './read-png.js';

/**
 * Label ids from a PNG's stored samples (rows as {@link inflatePngRows} gives them), exactly as
 * the file stores them — never as a viewer would colour them:
 *
 * - palette (any bit depth): the palette index, the PASCAL VOC convention;
 * - grey of 1, 2, 4 or 8 bits: the stored value (a 1-bit mask gives 0/1, not 0/255);
 * - 16-bit grey: the value when every pixel is ≤ 255 (ids stored as such, as OpenCV and PIL
 *   write a uint16 array), else the value ÷ 257 when every pixel is a multiple of 257 (an 8-bit
 *   map scaled to 16 bits); anything else is refused;
 * - grey+alpha: the grey sample (alpha is ignored);
 * - RGB(A): the shared value when every pixel has R = G = B; a colour-coded map is refused.
 *
 * @param params.place - where pixel `(x, y)` of these rows is in the image, for messages (rows of
 *   one interlace pass, or one row of many). @default `x=${x}, y=${y}`
 * @throws {Error} saying why the samples are not label ids (and where).
 * @internal
 */
export function labelsFromPngRows(params: { rows: Uint8Array; stride: number; header: PngHeader; place?: (x: number, y: number) => string }): Uint8Array {
  const { rows, stride, header } = params;
  const { width, height, bitDepth, colorType } = header;
  const out = new Uint8Array(width * height);
  const channels = SAMPLES_PER_PIXEL[colorType];
  const place = params.place ?? ((x: number, y: number) => `x=${x}, y=${y}`);
  const at = (i: number) => place(i % width, Math.floor(i / width));

  if (bitDepth < 8) {
    // Sub-byte samples (grey or palette, one channel): most significant bits first.
    const perByte = 8 / bitDepth;
    const mask = (1 << bitDepth) - 1;
    for (let y = 0; y < height; y++) {
      const row = y * stride;
      for (let x = 0; x < width; x++) {
        const byte = rows[row + Math.floor(x / perByte)];
        out[y * width + x] = (byte >> (8 - bitDepth * ((x % perByte) + 1))) & mask;
      }
    }
    return out;
  }

  const bytes = bitDepth >> 3;
  const step = channels * bytes;
  if (bytes === 1) {
    for (let y = 0; y < height; y++) {
      for (let x = 0, s = y * stride; x < width; x++, s += step) {
        const v = rows[s];
        if (channels >= 3 && (rows[s + 1] !== v || rows[s + 2] !== v)) {
          throw new Error(`a colour image, not label ids: red, green and blue differ at ${place(x, y)} (${v}, ${rows[s + 1]}, ${rows[s + 2]}); save label ids as a greyscale or palette PNG`);
        }
        out[y * width + x] = v;
      }
    }
    return out;
  }

  if (channels === 1) {
    // 16-bit grey, rows packed without gaps: one pass keeps the low bytes and learns whether
    // every high byte is 0 (ids stored as such) or every value is a multiple of 257 (high = low).
    let highs = 0;
    let equal = true;
    for (let i = 0, s = 0; i < out.length; i++, s += 2) {
      const hi = rows[s];
      const lo = rows[s + 1];
      highs |= hi;
      if (hi !== lo) equal = false;
      out[i] = lo;
    }
    if (highs === 0 || equal) return out;
  }

  // 16 bits with colour, or grey whose values fit neither rule: collect the values, then decide.
  const values = new Uint16Array(width * height);
  let max = 0;
  let scaled = true;
  for (let y = 0; y < height; y++) {
    for (let x = 0, s = y * stride; x < width; x++, s += step) {
      const v = (rows[s] << 8) | rows[s + 1];
      if (channels >= 3 && (((rows[s + 2] << 8) | rows[s + 3]) !== v || ((rows[s + 4] << 8) | rows[s + 5]) !== v)) {
        throw new Error(`a colour image, not label ids: red, green and blue differ at ${place(x, y)}; save label ids as a greyscale or palette PNG`);
      }
      values[y * width + x] = v;
      if (v > max) max = v;
      if (v % 257 !== 0) scaled = false;
    }
  }
  if (max <= 255) {
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  if (scaled) {
    for (let i = 0; i < values.length; i++) out[i] = values[i] / 257;
    return out;
  }
  const first = values.findIndex((v) => v > 255);
  throw new Error(
    `a 16-bit map whose values are neither 8-bit ids (≤ 255) nor 8-bit ids scaled by 257: ${values[first]} at ${at(first)}; save label ids as an 8-bit greyscale or palette PNG`,
  );
}
