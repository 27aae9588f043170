/** Parameters of {@link scanLabelMaps}. */
export interface ScanLabelMapsParams {
  /** Ground-truth label map, `width × height` bytes starting on a 4-byte boundary. */
  gt: Uint8Array;
  /** Predicted label map, same layout. */
  pred: Uint8Array;
  /** Columns, a multiple of 4. */
  width: number;
  /** Rows, ≥ 1. */
  height: number;
  /** Number of classes, 1..128. */
  k: number;
  /** Ground-truth label that is no class (any integer outside 0..k-1). */
  ignoreIndex: number;
  /** 256·k counters, zeroed: every (truth, prediction) byte pair is added at `truth · k + prediction`. */
  pairs: Float64Array;
  /**
   * Zeroed bits, one per 32-bit word of the truth, row by row: word x of row y is bit `x & 31` of
   * entry `y · ⌈width / 128⌉ + (x >>> 5)`. Set where the truth may have a boundary pixel.
   */
  gtDirty: Int32Array;
  /** The same for the prediction. */
  predDirty: Int32Array;
}

const HIGH_BITS = 0x80808080 | 0;
const LOW_SEVEN = 0x7f7f7f7f;
const BYTES = 0x01010101;

/** The high bit of every byte of `x` that is not zero (adding 127 to its low 7 bits carries into bit 7). */
function nonZeroBytes(x: number): number {
  return (((x & LOW_SEVEN) + LOW_SEVEN) | x) & HIGH_BITS;
}

/*
 * Every read-modify-write of a typed array goes through these helpers: their type feedback is
 * shared by every call site, so a site that runs rarely or only at the end (the last run's count)
 * does not send the optimised loop back to the interpreter each time it is first reached.
 */
function addTo(counts: Float64Array, at: number, value: number): void {
  counts[at] += value;
}
function orInto(bits: Int32Array, at: number, value: number): void {
  bits[at] |= value;
}

/** Sets bits x0..x1-1 (0 ≤ x0 ≤ x1) of the row whose bits start at entry `row`. */
function markRange(bits: Int32Array, row: number, x0: number, x1: number): void {
  if (x1 <= x0) return;
  const first = x0 >>> 5;
  const last = (x1 - 1) >>> 5;
  const head = -1 << (x0 & 31);
  const tail = -1 >>> (31 - ((x1 - 1) & 31));
  if (first === last) {
    orInto(bits, row + first, head & tail);
    return;
  }
  orInto(bits, row + first, head);
  for (let e = first + 1; e < last; e++) bits[row + e] = -1;
  orInto(bits, row + last, tail);
}

/**
 * One map's changes along a row, as the scan found them: the words that differ from the word on
 * their left ("events"), each with its value. Between events the row repeats one word — the last
 * event's value, or `first` before any — so two rows are compared event by event instead of word
 * by word. More than `capacity` events: the row is "noisy" (`count` stops at capacity + 1 and
 * positions are no longer kept).
 */
class RowChanges {
  readonly x: Int32Array;
  readonly value: Int32Array;
  count = 0;
  first = 0;
  noisy = false;
  constructor(readonly capacity: number) {
    this.x = new Int32Array(capacity + 2);
    this.value = new Int32Array(capacity + 2);
  }
}

/** Four RowChanges kept across calls (an evaluation scans thousands of same-sized images). */
let rowChanges: RowChanges[] = [];

/** Whether the 4 bytes of a word are one label. */
function isUniform(w: number): boolean {
  return w === Math.imul(w & 255, BYTES);
}

/**
 * Marks, in one map's bits, the words of row y that may hold a boundary pixel, from that row's
 * changes and the previous row's: every event word and the one on its left, and every word of a
 * stretch that repeats a word that is not uniform; where the two rows differ (compared stretch
 * by stretch between their events), those words and, in the row above, the same words and one
 * more on the left (DAVIS's south-east neighbour). A noisy row is marked whole, and so are the
 * rows next to it. Under bfscore a class on the image border is a boundary: so every word of the
 * first and last rows, and the first and last word of every row, that holds a class is marked too.
 */
function markChanges(bits: Int32Array, words: Int32Array, rowWords: number, rowInts: number, y: number, height: number, cur: RowChanges, prev: RowChanges): void {
  const row = y * rowInts;
  const above = row - rowInts;
  const count = cur.count;
  const xs = cur.x;
  cur.noisy = count > cur.capacity;
  if (cur.noisy) markRange(bits, row, 0, rowWords);
  else {
    if (y === 0 || y === height - 1) {
      // The first and last rows are on the border: every word that holds a class.
      for (let x = 0; x < rowWords; x++) if (words[y * rowWords + x] !== 0) setBit(bits, row, x);
    }
    if (!isUniform(cur.first)) markRange(bits, row, 0, count > 0 ? xs[0] : rowWords);
    for (let e = 0; e < count; e++) {
      const x = xs[e];
      if (isUniform(cur.value[e])) {
        setBit(bits, row, x);
        if (x > 0) setBit(bits, row, x - 1);
      } else markRange(bits, row, Math.max(0, x - 1), e + 1 < count ? xs[e + 1] : rowWords);
    }
    if (words[y * rowWords] !== 0) setBit(bits, row, 0);
    if (words[y * rowWords + rowWords - 1] !== 0) setBit(bits, row, rowWords - 1);
  }
  if (y === 0) return;
  const prevCount = prev.count;
  if (count === 0 && prevCount === 0) {
    // Two rows of one word each (background above and below a blob): equal, or different throughout.
    if (cur.first !== prev.first) {
      markRange(bits, row, 0, rowWords);
      markRange(bits, above, 0, rowWords);
    }
    return;
  }
  if (cur.noisy || prev.noisy) {
    // Next to a noisy row, comparing word by word would cost more than looking at them all.
    markRange(bits, row, 0, rowWords);
    markRange(bits, above, 0, rowWords);
    return;
  }
  // Stretch by stretch between the events of both rows: [x, next) repeats one word in each.
  const prevXs = prev.x;
  let a = 0;
  let b = 0;
  let upper = prev.first;
  let lower = cur.first;
  let x = 0;
  while (x < rowWords) {
    const nextUpper = a < prevCount ? prevXs[a] : rowWords;
    const nextLower = b < count ? xs[b] : rowWords;
    const next = nextUpper < nextLower ? nextUpper : nextLower;
    if (upper !== lower && next > x) {
      markRange(bits, row, x, next);
      markRange(bits, above, x > 0 ? x - 1 : 0, next);
    }
    x = next;
    if (nextUpper === x && a < prevCount) upper = prev.value[a++];
    if (nextLower === x && b < count) lower = cur.value[b++];
  }
}

/** Sets bit x of the row whose bits start at entry `row`. */
function setBit(bits: Int32Array, row: number, x: number): void {
  bits[row + (x >>> 5)] |= 1 << (x & 31);
}

/**
 * One pass over both label maps, four pixels (a 32-bit word) at a time, that does three jobs:
 * it counts every (truth, prediction) pair into `pairs`; it checks every label (returns false
 * when a prediction is ≥ k or a truth is ≥ k and not `ignoreIndex` — the caller then finds the
 * pixel); and it marks, per map, the words where that map may have a boundary pixel under either
 * convention: every word that differs from a neighbour (left, right, above, below, or the
 * south-east one), is not uniform, or (bfscore) holds a class on the image border. Any other
 * word is one label equal to all its neighbours': no boundary pixel. Internal to the typed-array
 * engine.
 *
 * Why one pass, and runs: label checks, counting and finding where boundaries are were separate
 * passes over the maps, each about as costly as reading them. Label maps are mostly long runs of
 * one word in both maps (background, blob interiors): such a word costs two loads and two
 * comparisons — it was checked and will be counted with the first of its run — so counters are
 * touched, labels checked and changes noted only where something changes. Rows are compared
 * through their changes ({@link markChanges}), not word by word.
 */
export function scanLabelMaps(params: ScanLabelMapsParams): boolean {
  const { gt, pred, width, height, k, ignoreIndex, pairs, gtDirty, predDirty } = params;
  const rowWords = width >>> 2;
  const rowInts = (rowWords + 31) >>> 5;
  const G = new Int32Array(gt.buffer, gt.byteOffset, rowWords * height);
  const P = new Int32Array(pred.buffer, pred.byteOffset, rowWords * height);
  const belowK = (128 - k) * BYTES; // added to a byte's low 7 bits, sets bit 7 iff the byte ≥ k
  // A truth byte ≥ k must equal the ignore index; with no such byte value, any is an error (0 ^ byte ≥ k ≠ 0).
  const ignoreWord = ignoreIndex >= 0 && ignoreIndex <= 255 ? Math.imul(ignoreIndex, BYTES) : 0;
  // More changes than this in a row and it is marked whole (see markChanges).
  const capacity = rowWords >>> 3;
  if (rowChanges[0]?.capacity !== capacity) rowChanges = [0, 1, 2, 3].map(() => new RowChanges(capacity));
  let [gtRow, gtAbove, predRow, predAbove] = rowChanges;
  let predHigh = 0;
  let bad = 0;
  // The run: `run` repeats of the word pair (runG, runP), checked, not yet counted.
  let runG = 0;
  let runP = 0;
  let run = 0;
  let runUniform = true;
  let speck = 0; // pixels of specks that kept the run's labels, not yet counted
  for (let y = 0; y < height; y++) {
    const rowStart = y * rowWords;
    const rowEnd = rowStart + rowWords;
    const gtSwap = gtAbove;
    gtAbove = gtRow;
    gtRow = gtSwap;
    const predSwap = predAbove;
    predAbove = predRow;
    predRow = predSwap;
    gtRow.first = G[rowStart];
    predRow.first = P[rowStart];
    let gtEvents = 0;
    let predEvents = 0;
    const gX = gtRow.x;
    const gV = gtRow.value;
    const pX = predRow.x;
    const pV = predRow.value;
    for (let j = rowStart; ; j++) {
      // The run goes on while both words repeat: two loads and two comparisons a word.
      const from = j;
      while (j < rowEnd && G[j] === runG && P[j] === runP) j++;
      run += j - from;
      if (j === rowEnd) break;
      const g = G[j];
      const p = P[j];
      const x = j - rowStart;
      if (g === runG && runUniform) {
        const leaving = nonZeroBytes(p ^ runP);
        if (leaving !== HIGH_BITS) {
          // A speck: the prediction leaves the run in some pixels of one word (noise). Its other
          // pixels join the run and the run goes on; the word and the next one are changes.
          predHigh |= ((p & LOW_SEVEN) + belowK) | p;
          speck += 4 - (Math.imul(leaving >>> 7, BYTES) >>> 24);
          for (let bits = leaving; bits !== 0; bits &= bits - 1) addTo(pairs, (g & 255) * k + ((p >>> (24 - Math.clz32(bits & (0 - bits)))) & 255), 1);
          pX[predEvents] = x;
          pV[predEvents] = p;
          predEvents = Math.min(predEvents + 1, capacity + 1);
          if (j + 1 < rowEnd) {
            const after = P[j + 1];
            pX[predEvents] = x + 1;
            pV[predEvents] = after;
            predEvents = Math.min(predEvents + (after !== p ? 1 : 0), capacity + 1);
          }
          continue;
        }
      }
      // A new word pair: count the run, check the labels, and note which map changed, without
      // further branches on the data (a noisy prediction makes them coin flips).
      countRun(pairs, k, runG, runP, run);
      addTo(pairs, (runG & 255) * k + (runP & 255), speck);
      speck = 0;
      predHigh |= ((p & LOW_SEVEN) + belowK) | p;
      bad |= nonZeroBytes(g ^ ignoreWord) & (((g & LOW_SEVEN) + belowK) | g) & HIGH_BITS;
      gX[gtEvents] = x;
      gV[gtEvents] = g;
      gtEvents = Math.min(gtEvents + (g !== runG ? 1 : 0), capacity + 1);
      pX[predEvents] = x;
      pV[predEvents] = p;
      predEvents = Math.min(predEvents + (p !== runP ? 1 : 0), capacity + 1);
      runG = g;
      runP = p;
      run = 1;
      runUniform = isUniform(g) && isUniform(p);
    }
    gtRow.count = gtEvents;
    predRow.count = predEvents;
    markChanges(gtDirty, G, rowWords, rowInts, y, height, gtRow, gtAbove);
    markChanges(predDirty, P, rowWords, rowInts, y, height, predRow, predAbove);
  }
  countRun(pairs, k, runG, runP, run);
  addTo(pairs, (runG & 255) * k + (runP & 255), speck);
  return bad === 0 && (predHigh & HIGH_BITS) === 0;
}

/** Adds `run` repeats of the word pair (g, p) to the pair counts. */
function countRun(pairs: Float64Array, k: number, g: number, p: number, run: number): void {
  if (isUniform(g) && isUniform(p)) {
    addTo(pairs, (g & 255) * k + (p & 255), 4 * run);
    return;
  }
  addTo(pairs, (g & 255) * k + (p & 255), run);
  addTo(pairs, ((g >>> 8) & 255) * k + ((p >>> 8) & 255), run);
  addTo(pairs, ((g >>> 16) & 255) * k + ((p >>> 16) & 255), run);
  addTo(pairs, (g >>> 24) * k + (p >>> 24), run);
}
