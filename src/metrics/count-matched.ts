/*
 * Scratch buffers reused across calls (an evaluation matches thousands of same-sized images;
 * allocating per call would cost more than the work): the distance map is filled before each
 * use, the probe steps are rewritten.
 */
let rowDistance = new Uint16Array(0);
let rowStep = new Int32Array(0);
let nearBits = new Int32Array(0);
let rowFirst = new Int32Array(0);
let queryX = new Int32Array(0);
let queryY = new Int32Array(0);

/** ⌊√v⌋ for an integer v ≥ 0, exactly (Math.sqrt may round up near perfect squares). */
function isqrt(v: number): number {
  let r = Math.floor(Math.sqrt(v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/** Row offsets in nearest-first order (0, −1, 1, −2, 2, …) and each row's half-width. */
interface Disk {
  limit: number;
  reach: number;
  dy: Int32Array;
  halfWidth: Int32Array;
  /** Half-width of the row |dy| away, indexed by |dy| = 0..reach. */
  halfWidthAt: Int32Array;
}
let diskCache: Disk | undefined;

/** The disk dx² + dy² ≤ limit as rows: for |dy| ≤ reach, |dx| ≤ ⌊√(limit − dy²)⌋. */
function diskFor(limit: number): Disk {
  if (diskCache?.limit === limit) return diskCache;
  const reach = limit < 0 ? -1 : isqrt(limit); // limit −1: nothing matches (θ = 0 under bfscore)
  const dy = new Int32Array(Math.max(0, 2 * reach + 1));
  const halfWidth = new Int32Array(dy.length);
  const halfWidthAt = new Int32Array(Math.max(0, reach + 1));
  for (let d = 0, j = 0; d <= reach; d++) {
    const w = isqrt(limit - d * d);
    halfWidthAt[d] = w;
    for (const sign of d === 0 ? [1] : [-1, 1]) {
      dy[j] = sign * d;
      halfWidth[j++] = w;
    }
  }
  diskCache = { limit, reach, dy, halfWidth, halfWidthAt };
  return diskCache;
}

/** Exact fallback for tolerances wider than the 16-bit distance map: nearest pixel by search. */
function countMatchedBySearch(from: Int32Array, fromCount: number, to: Int32Array, toCount: number, width: number, limit: number): number {
  let matched = 0;
  for (let a = 0; a < fromCount; a++) {
    const x = from[a] % width;
    const y = (from[a] - x) / width;
    for (let b = 0; b < toCount; b++) {
      const u = to[b] % width;
      const dx = u - x;
      const dy = (to[b] - u) / width - y;
      if (dx * dx + dy * dy <= limit) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/** Parameters of {@link countMatched}. */
export interface CountMatchedParams {
  /** The boundary pixels to test, row-major pixel indices (the first `fromCount` entries). */
  from: Int32Array;
  fromCount: number;
  /** The other map's boundary pixels of the same class, row-major (the first `toCount`; at least one). */
  to: Int32Array;
  toCount: number;
  /** Image width: pixel i is at (i mod width, ⌊i / width⌋). */
  width: number;
  /** The largest squared distance that matches (an integer; −1: none), see boundaryMatchLimit. */
  limit: number;
}

/**
 * How many of `from` (row-major pixel indices) have a pixel of `to` at squared distance ≤ limit.
 *
 * Why a row-distance map: probing the whole disk around every boundary pixel costs π·limit probes
 * per unmatched pixel, and a noisy prediction has tens of thousands of boundary pixels that match
 * nothing. Instead, over the rectangle where a match is possible at all (the bounding box of `to`
 * grown by the reach, intersected with that of `from`), each row of `to` stores every column's
 * horizontal distance to its nearest `to` pixel in that row (capped just past the reach). A pixel
 * (x, y) then matches iff some row y + dy has a distance ≤ ⌊√(limit − dy²)⌋ at column x: at most
 * 2·reach + 1 reads, nearest rows first, so well-placed pixels stop after one or two. Building the
 * map costs the rectangle's area once (or 2·reach + 1 writes per `to` pixel in sparse rows);
 * `from` pixels outside the rectangle are rejected without a read. Internal to the typed-array engine.
 */
export function countMatched(params: CountMatchedParams): number {
  const { from, fromCount, to, toCount, width } = params;
  const disk = diskFor(params.limit);
  if (disk.limit < 0) return 0;
  const { reach } = disk;
  if (reach >= 0xfffe) return countMatchedBySearch(from, fromCount, to, toCount, width, disk.limit);
  // Bounding boxes. Lists are row-major, so rows come from the ends, and a pass that steps its
  // row start along finds the columns with no division per pixel.
  const rowOf = (i: number) => Math.floor(i / width);
  const toY0 = rowOf(to[0]);
  const toY1 = rowOf(to[toCount - 1]);
  const [toX0, toX1] = columnRange(to, toCount, width);
  const fromY0 = rowOf(from[0]);
  const fromY1 = rowOf(from[fromCount - 1]);
  const [fromX0, fromX1] = columnRange(from, fromCount, width);
  // The query rectangle (columns qx0..qx1, rows qy0..qy1): where `from` has pixels and `to` is
  // within reach. Outside it nothing can match; inside it the distance map is built.
  const qx0 = Math.max(fromX0, toX0 - reach);
  const qx1 = Math.min(fromX1, toX1 + reach);
  const qy0 = Math.max(fromY0, toY0 - reach);
  const qy1 = Math.min(fromY1, toY1 + reach);
  if (qx0 > qx1 || qy0 > qy1) return 0;
  const rect = { qx0, qx1, qy0, qy1 };
  // Each strategy spends up to 2·reach + 1 steps per pixel of one list: the mask per `to` pixel,
  // the row search per `from` pixel, the row-distance map on both (writes per `to` pixel, probes
  // per `from` pixel, the cheapest steps of the three). With one list far longer, spend them on
  // the other.
  if (fromCount > 4 * toCount) return countMatchedByMask(params, disk, rect);
  if (toCount > 4 * fromCount) return countMatchedByRows(params, disk, rect);
  // Rows of the distance map: the rows of `to` that a query row can reach.
  const hy0 = Math.max(toY0, qy0 - reach);
  const hy1 = Math.min(toY1, qy1 + reach);
  const stride = qx1 - qx0 + 1;
  const size = (hy1 - hy0 + 1) * stride;
  if (rowDistance.length < size) rowDistance = new Uint16Array(Math.max(size, rowDistance.length * 2));
  const h = rowDistance;
  const far = reach + 1;
  h.fill(far, 0, size);

  let b = firstAtOrAfter(to, toCount, hy0 * width);
  while (b < toCount) {
    const y = rowOf(to[b]);
    if (y > hy1) break;
    const rowStart = y * width;
    const rowEnd = rowStart + width;
    const base = (y - hy0) * stride - qx0;
    // Between consecutive pixels a < b of the row, a column's distance is min(x − a, b − x); only
    // the ramps within `reach` of a pixel are written (the rest stays `far` from the fill), so a
    // row costs at most min(its width, 2·reach + 1 per pixel) writes, sparse or dense.
    let previous = -1; // column of the previous pixel in the row, −1 before the first
    for (; b < toCount && to[b] < rowEnd; b++) {
      const xt = to[b] - rowStart;
      const lo = Math.max(qx0, previous < 0 ? xt - reach : Math.max(previous + 1, xt - reach));
      const hi = Math.min(qx1, xt);
      for (let x = lo; x <= hi; x++) {
        const d = xt - x;
        if (d < h[base + x]) h[base + x] = d;
      }
      // Up to the next pixel of the row only: that one writes its own side (keeps dense rows linear).
      const next = b + 1 < toCount && to[b + 1] < rowEnd ? to[b + 1] - rowStart : width;
      const rampEnd = Math.min(qx1, xt + reach, next - 1);
      for (let x = Math.max(qx0, xt + 1); x <= rampEnd; x++) h[base + x] = x - xt;
      previous = xt;
    }
  }

  const { dy, halfWidth } = disk;
  const probes = dy.length;
  if (rowStep.length < probes) rowStep = new Int32Array(probes);
  for (let p = 0; p < probes; p++) rowStep[p] = dy[p] * stride;
  let matched = 0;
  const queries = queryPixels(params, rect);
  for (let t = 0; t < queries; t++) {
    const x = queryX[t];
    const y = queryY[t];
    const at = (y - hy0) * stride + x - qx0;
    if (y - reach >= hy0 && y + reach <= hy1) {
      // Every probed row is in the map: no row checks.
      for (let p = 0; p < probes; p++) {
        if (h[at + rowStep[p]] <= halfWidth[p]) {
          matched++;
          break;
        }
      }
      continue;
    }
    for (let p = 0; p < probes; p++) {
      const r = y + dy[p];
      if (r < hy0 || r > hy1) continue;
      if (h[at + rowStep[p]] <= halfWidth[p]) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/**
 * {@link countMatched} for a `from` list longer than `to` (a noisy prediction against a clean
 * truth): over the query rectangle, a bit per pixel says whether some `to` pixel is within the
 * limit — each `to` pixel sets, in each row dy away (|dy| ≤ reach), the run of columns within
 * ⌊√(limit − dy²)⌋ of it — and each `from` pixel then reads one bit. The disk's 2·reach + 1 rows
 * are paid once per `to` pixel instead of once per `from` pixel.
 */
function countMatchedByMask(params: CountMatchedParams, disk: Disk, rect: { qx0: number; qx1: number; qy0: number; qy1: number }): number {
  const { to, toCount, width } = params;
  const { reach, halfWidthAt } = disk;
  const { qx0, qx1, qy0, qy1 } = rect;
  const ints = ((qx1 - qx0) >>> 5) + 1; // per row of the rectangle
  const size = (qy1 - qy0 + 1) * ints;
  if (nearBits.length < size) nearBits = new Int32Array(Math.max(size, nearBits.length * 2));
  const near = nearBits;
  near.fill(0, 0, size);
  let b = firstAtOrAfter(to, toCount, Math.max(0, qy0 - reach) * width);
  for (let y = Math.floor(to[b] / width), rowStart = y * width; b < toCount; b++) {
    const i = to[b];
    while (i >= rowStart + width) {
      rowStart += width;
      y++;
    }
    if (y > qy1 + reach) break;
    const x = i - rowStart;
    // A run of consecutive pixels of the row sets its columns at once.
    let end = x;
    while (b + 1 < toCount && to[b + 1] === i + (end - x) + 1 && end + 1 < width) {
      b++;
      end++;
    }
    for (let dy = -reach; dy <= reach; dy++) {
      const row = y + dy;
      if (row < qy0 || row > qy1) continue;
      const half = halfWidthAt[dy < 0 ? -dy : dy];
      const lo = Math.max(qx0, x - half) - qx0;
      const hi = Math.min(qx1, end + half) - qx0;
      if (lo > hi) continue;
      setBits(near, (row - qy0) * ints, lo, hi);
    }
  }
  let matched = 0;
  const queries = queryPixels(params, rect);
  for (let t = 0; t < queries; t++) {
    const x = queryX[t];
    const y = queryY[t];
    const c = x - qx0;
    matched += (near[(y - qy0) * ints + (c >>> 5)] >>> (c & 31)) & 1;
  }
  return matched;
}

/**
 * {@link countMatched} for a `to` list over 4 times the `from` list (a clean truth against a noisy
 * prediction): no map is built over the rectangle, where each of the many `to` pixels would cost
 * 2·reach + 1 writes; instead the row-major `to` list is indexed by row, and each `from` pixel
 * looks in the rows within reach, nearest first, for a `to` pixel within ⌊√(limit − dy²)⌋
 * columns — a binary search in each row.
 */
function countMatchedByRows(params: CountMatchedParams, disk: Disk, rect: { qx0: number; qx1: number; qy0: number; qy1: number }): number {
  const { to, toCount, width } = params;
  const { reach, dy, halfWidth } = disk;
  const { qy0, qy1 } = rect;
  // rowFirst[r] .. rowFirst[r + 1]: the `to` pixels of row y0 + r.
  const y0 = Math.max(0, qy0 - reach);
  const rows = qy1 + reach - y0 + 1;
  if (rowFirst.length < rows + 1) rowFirst = new Int32Array(Math.max(rows + 1, rowFirst.length * 2));
  const first = rowFirst;
  let b = firstAtOrAfter(to, toCount, y0 * width);
  for (let r = 0; r <= rows; r++) {
    const rowEnd = (y0 + r) * width; // the first pixel index of row y0 + r
    while (b < toCount && to[b] < rowEnd) b++;
    first[r] = b;
  }
  let matched = 0;
  const queries = queryPixels(params, rect);
  for (let t = 0; t < queries; t++) {
    const x = queryX[t];
    const y = queryY[t];
    for (let p = 0; p < dy.length; p++) {
      const r = y + dy[p] - y0;
      if (r < 0 || r >= rows) continue;
      // The first `to` pixel of the row at or after column x − half: a match if within x + half.
      const base = (y + dy[p]) * width;
      let lo = first[r];
      let hi = first[r + 1];
      const want = base + x - halfWidth[p];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (to[mid] < want) lo = mid + 1;
        else hi = mid;
      }
      if (lo < first[r + 1] && to[lo] <= base + x + halfWidth[p]) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/**
 * The `from` pixels inside the query rectangle, as columns and rows in `queryX`/`queryY` (the
 * only ones that can match); returns how many. The list is row-major, so its rows are found by
 * stepping a row start along, not by a division per pixel.
 */
function queryPixels(params: CountMatchedParams, rect: { qx0: number; qx1: number; qy0: number; qy1: number }): number {
  const { from, fromCount, width } = params;
  const { qx0, qx1, qy0, qy1 } = rect;
  if (queryX.length < fromCount) {
    queryX = new Int32Array(Math.max(fromCount, queryX.length * 2));
    queryY = new Int32Array(queryX.length);
  }
  let count = 0;
  let y = qy0;
  let rowStart = qy0 * width;
  const stop = (qy1 + 1) * width;
  for (let a = firstAtOrAfter(from, fromCount, rowStart); a < fromCount; a++) {
    const i = from[a];
    if (i >= stop) break;
    while (i >= rowStart + width) {
      rowStart += width;
      y++;
    }
    const x = i - rowStart;
    queryX[count] = x;
    queryY[count] = y;
    count += x >= qx0 && x <= qx1 ? 1 : 0;
  }
  return count;
}

/** Sets bits lo..hi (inclusive) of the row of `bits` starting at entry `row`. */
function setBits(bits: Int32Array, row: number, lo: number, hi: number): void {
  const first = lo >>> 5;
  const last = hi >>> 5;
  const head = -1 << (lo & 31);
  const tail = -1 >>> (31 - (hi & 31));
  if (first === last) {
    bits[row + first] |= head & tail;
    return;
  }
  bits[row + first] |= head;
  for (let e = first + 1; e < last; e++) bits[row + e] = -1;
  bits[row + last] |= tail;
}

/** Smallest and largest column of a row-major pixel list (its row start stepped along: no division per pixel). */
function columnRange(list: Int32Array, count: number, width: number): [number, number] {
  let x0 = width;
  let x1 = -1;
  for (let b = 0, rowStart = Math.floor(list[0] / width) * width; b < count; b++) {
    const i = list[b];
    while (i >= rowStart + width) rowStart += width;
    const x = i - rowStart;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
  }
  return [x0, x1];
}

/** Index of the first entry ≥ value in a sorted list (binary search). */
function firstAtOrAfter(list: Int32Array, count: number, value: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

