import type { BoundaryConvention } from './image-stats.js';

/** Parameters of {@link collectBoundaries}. */
export interface CollectBoundariesParams {
  /** The label map whose boundaries are collected (the truth or the prediction). */
  map: Uint8Array;
  /** The truth: under `'davis'`, its void pixels (≥ k) are background in both maps. */
  gt: Uint8Array;
  width: number;
  height: number;
  /** Number of classes; labels ≥ k in `map` belong to no class. */
  k: number;
  convention: BoundaryConvention;
  /** Whether the truth has void pixels (labels ≥ k); only read under `'davis'`. */
  hasVoid: boolean;
  /**
   * The words to look at, as {@link scanLabelMaps} marked them (every other word holds no
   * boundary pixel), for maps whose rows start on 32-bit words (width a multiple of 4, aligned
   * buffers, k ≤ 128); undefined to look at every pixel one by one.
   */
  dirty: Int32Array | undefined;
  /**
   * Per class 1..k-1: the list its boundary pixels are appended to (row-major pixel indices; a
   * full list is replaced by one twice as long). Entry 0 (background, never a boundary) is unused.
   */
  lists: (Int32Array | null)[];
}

const HIGH_BITS = 0x80808080 | 0;
const LOW_SEVEN = 0x7f7f7f7f;

/** The high bit of every byte of `x` that is not zero (SWAR: adding 127 to its low 7 bits carries into bit 7). */
function nonZeroBytes(x: number): number {
  return (((x & LOW_SEVEN) + LOW_SEVEN) | x) & HIGH_BITS;
}

/** Byte index (0..3) of the lowest set bit of a non-zero word. */
function lowestByte(bits: number): number {
  return (31 - Math.clz32(bits & (0 - bits))) >>> 3;
}

/**
 * Where boundary pixels go, per label (any byte, so no label needs a range check): a count, and
 * the class's list (null only for labels that are no class: 0 and ≥ k, never pushed).
 */
class Sink {
  readonly counts = new Int32Array(256);
  readonly lists: (Int32Array | null)[] = new Array<Int32Array | null>(256).fill(null);

  /** Takes the lists of classes 0..k-1 (labels ≥ k are never pushed: their lists stay null). */
  reset(lists: (Int32Array | null)[], k: number): void {
    this.counts.fill(0, 0, k);
    for (let c = 0; c < k; c++) this.lists[c] = lists[c];
  }
}
const sink = new Sink();

/** Adds pixel `index` to the boundary of `label`. */
function push(s: Sink, label: number, index: number): void {
  const c = s.counts[label];
  s.counts[label] = c + 1;
  const list = s.lists[label];
  if (list === null) return;
  if (c < list.length) list[c] = index;
  else grow(s, list, label, index);
}

/** Appends to a full list: a new one twice as long replaces it. Apart so that {@link push} stays small enough to inline. */
function grow(s: Sink, list: Int32Array, label: number, index: number): void {
  const grown = new Int32Array(list.length * 2);
  grown.set(list);
  grown[list.length] = index;
  s.lists[label] = grown;
}

/** One pixel of the bfscore rule, tested byte by byte (image border, odd widths). */
function crossPixel(map: Uint8Array, width: number, height: number, k: number, s: Sink, x: number, y: number): void {
  const i = y * width + x;
  const label = map[i];
  // Labels ≥ k are ignored ground-truth pixels: members of no class.
  if (label === 0 || label >= k) return;
  if (
    y === 0 ||
    y === height - 1 ||
    x === 0 ||
    x === width - 1 ||
    map[i - 1] !== label ||
    map[i + 1] !== label ||
    map[i - width] !== label ||
    map[i + width] !== label
  ) {
    push(s, label, i);
  }
}

/** Adds pixel i to the boundary of every class among a, e, s, se (the DAVIS rule's labels), once each. */
function pushDistinct(sk: Sink, i: number, a: number, e: number, s: number, se: number): void {
  if (a !== 0) push(sk, a, i);
  if (e !== a && e !== 0) push(sk, e, i);
  if (s !== a && s !== e && s !== 0) push(sk, s, i);
  if (se !== a && se !== e && se !== s && se !== 0) push(sk, se, i);
}

/** The DAVIS rule's label of pixel i: 0 on a void pixel (truth ≥ k) when the truth has any. */
function labelAt(map: Uint8Array, gt: Uint8Array, k: number, hasVoid: boolean, i: number): number {
  return hasVoid && gt[i] >= k ? 0 : map[i];
}

/** One pixel of the DAVIS (`seg2bmap`) rule, tested byte by byte. */
function seg2bmapPixel(p: CollectBoundariesParams, sk: Sink, x: number, y: number): void {
  const { map, gt, width, height, k, hasVoid } = p;
  const i = y * width + x;
  const a = labelAt(map, gt, k, hasVoid, i);
  const lastCol = x === width - 1;
  if (y === height - 1) {
    if (lastCol) return;
    const e = labelAt(map, gt, k, hasVoid, i + 1);
    if (e !== a) pushDistinct(sk, i, a, e, e, e);
    return;
  }
  const s = labelAt(map, gt, k, hasVoid, i + width);
  if (lastCol) {
    if (s !== a) pushDistinct(sk, i, a, s, s, s);
    return;
  }
  const e = labelAt(map, gt, k, hasVoid, i + 1);
  const se = labelAt(map, gt, k, hasVoid, i + width + 1);
  if (e !== a || s !== a || se !== a) pushDistinct(sk, i, a, e, s, se);
}

/**
 * bfscore boundary pixels of the marked words, row by row. Away from the image border a word's
 * pixel of class L (1..k-1) is a boundary pixel when a 4-neighbour has another label: the word is
 * compared with the words above and below and with itself shifted one pixel left and right
 * (little-endian: byte j is pixel 4q + j); only the bytes that differ and hold a class are
 * visited — found without a branch per byte, which on a noisy prediction the CPU would
 * mispredict. Border words go pixel by pixel.
 */
function crossWords(p: CollectBoundariesParams, words: Int32Array, belowK: number, dirty: Int32Array, sk: Sink): void {
  const { map, width, height, k } = p;
  const rowWords = width >>> 2;
  const rowInts = (rowWords + 31) >>> 5;
  for (let y = 0; y < height; y++) {
    const edgeRow = y === 0 || y === height - 1;
    for (let e = 0; e < rowInts; e++) {
      let bits = dirty[y * rowInts + e];
      while (bits !== 0) {
        const x = 32 * e + (31 - Math.clz32(bits & (0 - bits)));
        bits &= bits - 1;
        if (edgeRow || x === 0 || x === rowWords - 1) {
          for (let px = 4 * x; px < 4 * x + 4; px++) crossPixel(map, width, height, k, sk, px, y);
          continue;
        }
        const q = y * rowWords + x;
        const w = words[q];
        if (w === 0) continue; // background is never scored
        const left = (w << 8) | (words[q - 1] >>> 24);
        const right = (w >>> 8) | (words[q + 1] << 24);
        const differs = (w ^ words[q - rowWords]) | (w ^ words[q + rowWords]) | (w ^ left) | (w ^ right);
        let hits = nonZeroBytes(differs) & nonZeroBytes(w) & ~((((w & LOW_SEVEN) + belowK) | w) & HIGH_BITS);
        while (hits !== 0) {
          const j = lowestByte(hits);
          push(sk, (w >>> (8 * j)) & 255, 4 * q + j);
          hits &= hits - 1;
        }
      }
    }
  }
}

/** Bytes of word `w` set to 0 where the truth word `g` holds a void label (≥ k): DAVIS's `mask · ¬void`. */
function voidFree(w: number, g: number, belowK: number): number {
  const high = (((g & LOW_SEVEN) + belowK) | g) & HIGH_BITS;
  return w & ~Math.imul(high >>> 7, 255);
}

/**
 * DAVIS boundary pixels of the marked words, row by row. A word that is neither in the last row
 * nor the row's last word is compared with itself shifted one pixel east, the word below, and
 * that shifted east: a pixel is a boundary pixel of every class among its own label and those
 * neighbours' when they are not all equal. The other words go pixel by pixel.
 */
function seg2bmapWords(p: CollectBoundariesParams, words: Int32Array, truth: Int32Array | undefined, belowK: number, dirty: Int32Array, sk: Sink): void {
  const { width, height } = p;
  const { counts, lists } = sk;
  const rowWords = width >>> 2;
  const rowInts = (rowWords + 31) >>> 5;
  for (let y = 0; y < height; y++) {
    const lastRow = y === height - 1;
    for (let e = 0; e < rowInts; e++) {
      let bits = dirty[y * rowInts + e];
      while (bits !== 0) {
        const x = 32 * e + (31 - Math.clz32(bits & (0 - bits)));
        bits &= bits - 1;
        if (lastRow || x === rowWords - 1) {
          for (let px = 4 * x; px < 4 * x + 4; px++) seg2bmapPixel(p, sk, px, y);
          continue;
        }
        const q = y * rowWords + x;
        let w = words[q];
        let next = words[q + 1];
        let below = words[q + rowWords];
        let belowNext = words[q + rowWords + 1];
        if (truth !== undefined) {
          w = voidFree(w, truth[q], belowK);
          next = voidFree(next, truth[q + 1], belowK);
          below = voidFree(below, truth[q + rowWords], belowK);
          belowNext = voidFree(belowNext, truth[q + rowWords + 1], belowK);
        }
        const east = (w >>> 8) | (next << 24);
        const southEast = (below >>> 8) | (belowNext << 24);
        let hits = nonZeroBytes((w ^ east) | (w ^ below) | (w ^ southEast));
        if (hits === 0) continue;
        do {
          const shift = 24 - Math.clz32(hits & (0 - hits));
          const i = 4 * q + (shift >>> 3);
          // Usually a pixel's four labels are 0 and one class (an edge against background, a
          // speck of noise): that class is their OR, pushed once, inline. Two classes or more
          // take the general rule. Tested here, per boundary pixel, in scalar arithmetic (labels
          // < 128, so each product fits): a word-wide test cost more on a noisy prediction, whose
          // words mostly hold one or two boundary pixels.
          const a = (w >>> shift) & 255;
          const e = (east >>> shift) & 255;
          const s = (below >>> shift) & 255;
          const se = (southEast >>> shift) & 255;
          const label = a | e | s | se;
          if (((a * (a ^ label)) | (e * (e ^ label)) | (s * (s ^ label)) | (se * (se ^ label))) !== 0) pushDistinct(sk, i, a, e, s, se);
          else {
            const list = lists[label] as Int32Array; // every class has a list (prepared by jsImageStats)
            const c = counts[label];
            if (c < list.length) list[c] = i;
            else grow(sk, list, label, i);
            counts[label] = c + 1;
          }
          hits &= hits - 1;
        } while (hits !== 0);
      }
    }
  }
}

/**
 * The boundary pixels of every class 1..k-1 of one label map, under either convention, in one
 * walk: counted per class, and appended to `lists[c]` (row-major) where it is not null.
 *
 * - `'bfscore'`: a pixel of class c is a boundary pixel of c's mask when a 4-neighbour has
 *   another label or lies outside the image (zero padding) — M ∧ ¬erode(M) with a cross, for
 *   all masks at once.
 * - `'davis'` (`seg2bmap`): a pixel is a boundary pixel of class c's mask when its membership
 *   differs from its east, south or south-east neighbour's; the last row compares only east, the
 *   last column only south, the last pixel nothing. For all masks at once: a boundary pixel of
 *   every class among its own and those neighbours' labels when they are not all equal. Void
 *   pixels (truth ≥ k) are background in both maps.
 *
 * With `dirty`, only the marked words are looked at, four pixels at a time away from the border.
 * Internal to the typed-array engine.
 * @returns the number of boundary pixels per class (index 0 unused).
 */
export function collectBoundaries(params: CollectBoundariesParams): Int32Array {
  const { map, gt, width, height, k, convention, hasVoid, dirty, lists } = params;
  const davis = convention === 'davis';
  sink.reset(lists, k);
  if (dirty === undefined) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (davis) seg2bmapPixel(params, sink, x, y);
        else crossPixel(map, width, height, k, sink, x, y);
      }
    }
  } else {
    const rowWords = width >>> 2;
    const words = new Int32Array(map.buffer, map.byteOffset, rowWords * height);
    const belowK = (128 - k) * 0x01010101; // added to a byte's low 7 bits, sets bit 7 iff the byte ≥ k
    if (davis) {
      const truth = hasVoid ? new Int32Array(gt.buffer, gt.byteOffset, rowWords * height) : undefined;
      seg2bmapWords(params, words, truth, belowK, dirty, sink);
    } else crossWords(params, words, belowK, dirty, sink);
  }
  for (let c = 0; c < k; c++) if (lists[c]) lists[c] = sink.lists[c];
  return sink.counts.slice(0, k);
}
