/*
 * The metrics engine's wasm SIMD kernel, in AssemblyScript (compiled by
 * scripts/build-metrics-kernel.mjs into src/metrics/kernel-wasm.ts; src/metrics/wasm-image-stats.ts
 * drives it). It computes, for one image, exactly what jsImageStats computes: label checks,
 * confusion pair counts, and per class the boundary pixels of both maps and how many of each
 * have one of the other within the match limit (dx² + dy² ≤ limit, integers).
 *
 * Layout (set by `prepare`, all 16-byte aligned, above the static data):
 *   pairs  u32[256·(k+1)]  (truth byte · k + prediction byte); rows ≥ k hold the ignore label
 *   out    u32[4·k]        per class: gtBoundary, gtMatched, predBoundary, predMatched
 *   present u8[k]          per class, set by the caller: bit 0 in the truth, bit 1 in the prediction
 *   gt, pred  u8[w·h]      the maps, copied in by the caller
 *   4 bit planes          membership and boundary of one class in each map, a bit per pixel:
 *                          pixel x of row y is bit x & 63 of u64 word y·rowWords + (x >> 6)
 *   row scratch            two rows of u64 for the dilation
 * Widths are a multiple of 16 (the caller falls back to JS otherwise), so every row of a map is
 * whole 16-byte vectors and every vector is one u16 of a bit row.
 */

let pairsAt: usize = 0;
let outAt: usize = 0;
let presentAt: usize = 0;
let gtAt: usize = 0;
let predAt: usize = 0;
let planeAt: usize = 0; // four planes: gt membership, pred membership, gt boundary, pred boundary
let planeBytes: usize = 0;
let scratchAt: usize = 0;
let rowWords: i32 = 0;

// Bounding box of the last plane built or bounded: rows y0..y1, u64 word columns x0..x1 (y0 > y1: empty).
let boxY0: i32 = 0;
let boxY1: i32 = -1;
let boxX0: i32 = 0;
let boxX1: i32 = -1;

/** Rounds up to a multiple of 16. */
function align16(n: usize): usize {
  return (n + 15) & ~(<usize>15);
}

/**
 * Lays out memory for a width × height image with k classes, growing it if needed, and returns
 * the address the truth is to be copied to (the prediction goes right after it), or 0 when the
 * memory cannot grow that far.
 */
export function prepare(width: i32, height: i32, k: i32): usize {
  const n = <usize>width * <usize>height;
  rowWords = (width + 63) >> 6;
  pairsAt = align16(__heap_base);
  outAt = align16(pairsAt + <usize>(256 * (k + 1)) * 4);
  presentAt = align16(outAt + <usize>(4 * k) * 4);
  gtAt = align16(presentAt + <usize>k);
  predAt = align16(gtAt + n);
  planeBytes = <usize>(rowWords * height) * 8;
  planeAt = align16(predAt + n);
  scratchAt = planeAt + 4 * planeBytes;
  const end = scratchAt + <usize>(2 * (rowWords + 2)) * 8;
  const have = <usize>memory.size() << 16;
  // A memory that cannot grow (-1): 0 tells the caller to take the JS path.
  if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) return 0;
  return gtAt;
}

export function pairsAddress(): usize {
  return pairsAt;
}

export function outAddress(): usize {
  return outAt;
}

export function presentAddress(): usize {
  return presentAt;
}

/**
 * One pass over both maps, 16 pixels a vector: checks every label (returns 0 if a prediction is
 * ≥ k or a truth is ≥ k and not `ignore`; the caller then finds the pixel) and counts every
 * (truth, prediction) pair. With `voidToBackground` it also sets void pixels (truth ≥ k) to 0 in
 * both copies, as DAVIS scores them.
 *
 * Why it is cheap: in most vectors the truth is one label (background or a blob's inside). There
 * the diagonal count is one popcount of the "equal" bitmask, and only the pixels where the
 * prediction differs (noise, a shifted edge) are counted one by one. Vectors with several truth
 * labels (the truth's own edges, a few percent) are counted pixel by pixel.
 */
export function scan(width: i32, height: i32, k: i32, ignore: i32, voidToBackground: bool): i32 {
  const n = <usize>width * <usize>height;
  memory.fill(pairsAt, 0, <usize>(256 * (k + 1)) * 4);
  const kv = i8x16.splat(<i8>k);
  const hasIgnore = ignore >= 0 && ignore <= 255;
  const iv = i8x16.splat(<i8>(hasIgnore ? ignore : 0));
  let bad = i8x16.splat(0);
  for (let i: usize = 0; i < n; i += 16) {
    const g = v128.load(gtAt + i);
    const p = v128.load(predAt + i);
    const gHigh = i8x16.ge_u(g, kv);
    // Bad: a prediction ≥ k, or a truth ≥ k other than the ignore label. OR-ed, tested once at the end.
    bad = v128.or(bad, v128.or(i8x16.ge_u(p, kv), hasIgnore ? v128.andnot(gHigh, i8x16.eq(g, iv)) : gHigh));
    const g0 = <usize>i8x16.extract_lane_u(g, 0);
    if (i8x16.all_true(i8x16.eq(g, i8x16.splat(<i8>g0)))) {
      const row = pairsAt + g0 * <usize>k * 4;
      const same = i8x16.bitmask(i8x16.eq(g, p));
      store<u32>(row + g0 * 4, load<u32>(row + g0 * 4) + <u32>popcnt(same));
      let differ = ~same & 0xffff;
      while (differ != 0) {
        const at = row + (<usize>load<u8>(predAt + i + <usize>ctz(differ)) << 2);
        store<u32>(at, load<u32>(at) + 1);
        differ &= differ - 1;
      }
    } else {
      for (let l: usize = 0; l < 16; l++) {
        const at = pairsAt + ((<usize>load<u8>(gtAt + i + l) * <usize>k + <usize>load<u8>(predAt + i + l)) << 2);
        store<u32>(at, load<u32>(at) + 1);
      }
    }
    if (voidToBackground) {
      const keep = v128.not(gHigh);
      v128.store(gtAt + i, v128.and(g, keep));
      v128.store(predAt + i, v128.and(p, keep));
    }
  }
  return v128.any_true(bad) ? 0 : 1;
}

/**
 * Membership of class c in a map as a bit plane: one vector compare and one bitmask per 16
 * pixels. Sets the box to the rows that hold the class (columns: the whole width).
 */
function buildMembership(map: usize, plane: usize, width: i32, height: i32, c: i32): void {
  const cv = i8x16.splat(<i8>c);
  const rowBytes = <usize>rowWords * 8;
  boxY0 = height;
  boxY1 = -1;
  for (let y = 0; y < height; y++) {
    const from = map + <usize>y * <usize>width;
    const to = plane + <usize>y * rowBytes;
    let any: i32 = 0;
    for (let x = 0; x < width; x += 16) {
      const bits = i8x16.bitmask(i8x16.eq(v128.load(from + <usize>x), cv));
      store<u16>(to + (<usize>x >> 3), <u16>bits);
      any |= bits;
    }
    // The rest of the last word (past the width) stays clear: it is "outside the image".
    for (let x = width; x < rowWords * 64; x += 16) store<u16>(to + (<usize>x >> 3), 0);
    if (any != 0) {
      if (y < boxY0) boxY0 = y;
      boxY1 = y;
    }
  }
  boxX0 = 0;
  boxX1 = rowWords - 1;
}

/** Bits of word j that are pixels of the image other than the last column (which has no east neighbour). */
function eastMask(j: i32, width: i32): u64 {
  const last = width - 2 - 64 * j; // highest bit with an east neighbour inside the image
  if (last >= 63) return <u64>-1;
  if (last < 0) return 0;
  return (<u64>-1) >> <u64>(63 - last);
}

/**
 * Boundary plane of one class from its membership plane, word by word over the rows that can
 * hold boundary pixels, counted by popcount; sets the box to the boundary's rows and word
 * columns. `davis`: seg2bmap — the pixel differs from its east, south or south-east neighbour
 * (last row: east only; last column: south only). Otherwise bfscore — a member with a
 * 4-neighbour that is not, or outside the image (M ∧ ¬erode(M), zero padding). Pixel x + 1 is
 * bit x + 1, so the east neighbours of a word are the word shifted right with the next word's
 * lowest bit carried in; the west ones, shifted left with the previous word's highest.
 */
function buildBoundary(member: usize, plane: usize, width: i32, height: i32, davis: bool): u32 {
  const rowBytes = <usize>rowWords * 8;
  const y0 = boxY0;
  const y1 = boxY1;
  let count: u32 = 0;
  boxY0 = height;
  boxY1 = -1;
  boxX0 = rowWords;
  boxX1 = -1;
  if (y0 > y1) return 0;
  // Clear the rows the loop below does not write but a later read of the box's rows might touch.
  const from = davis ? (y0 > 0 ? y0 - 1 : 0) : y0;
  for (let y = from; y <= y1; y++) {
    const row = member + <usize>y * rowBytes;
    const out = plane + <usize>y * rowBytes;
    const hasBelow = y + 1 < height;
    const below = row + rowBytes;
    let any: u64 = 0;
    for (let j = 0; j < rowWords; j++) {
      const at = <usize>j * 8;
      const m = load<u64>(row + at);
      const next = j + 1 < rowWords ? load<u64>(row + at + 8) : 0;
      const east = (m >> 1) | (next << 63);
      let b: u64;
      if (davis) {
        const edge = eastMask(j, width);
        if (hasBelow) {
          const s = load<u64>(below + at);
          const sNext = j + 1 < rowWords ? load<u64>(below + at + 8) : 0;
          const southEast = (s >> 1) | (sNext << 63);
          b = (((m ^ east) | (m ^ southEast)) & edge) | (m ^ s);
        } else b = (m ^ east) & edge;
      } else {
        const previous = j > 0 ? load<u64>(row + at - 8) : 0;
        const west = (m << 1) | (previous >> 63);
        const north = y > 0 ? load<u64>(row + at - rowBytes) : 0;
        const south = hasBelow ? load<u64>(below + at) : 0;
        b = m & ~(east & west & north & south);
      }
      store<u64>(out + at, b);
      if (b != 0) {
        count += <u32>popcnt(b);
        if (j < boxX0) boxX0 = j;
        if (j > boxX1) boxX1 = j;
      }
      any |= b;
    }
    if (any != 0) {
      if (y < boxY0) boxY0 = y;
      boxY1 = y;
    }
  }
  return count;
}

// The disk dx² + dy² ≤ limit as levels, widest first: level l has half-width widths[l] for every
// row offset |dy| ≤ reaches[l] (and a narrower one beyond). At most 64 levels (reach < 64).
let diskLimit: i32 = -2;
let levels: i32 = 0;
// Static data (below __heap_base), not runtime allocations: the layout above starts at __heap_base.
const widths = memory.data(65 * 4);
const reaches = memory.data(65 * 4);
function widthAt(l: i32): i32 {
  return load<i32>(widths + (<usize>l << 2));
}
function reachAt(l: i32): i32 {
  return load<i32>(reaches + (<usize>l << 2));
}

/** ⌊√v⌋ for an integer v ≥ 0, exactly. */
function isqrt(v: i32): i32 {
  let r = <i32>Math.floor(Math.sqrt(<f64>v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

function prepareDisk(limit: i32): void {
  if (limit == diskLimit) return;
  diskLimit = limit;
  levels = 0;
  const reach = isqrt(limit);
  for (let d = 0; d <= reach; d++) {
    const w = isqrt(limit - d * d);
    if (levels > 0 && widthAt(levels - 1) == w) store<i32>(reaches + (<usize>(levels - 1) << 2), d);
    else {
      store<i32>(widths + (<usize>levels << 2), w);
      store<i32>(reaches + (<usize>levels << 2), d);
      levels++;
    }
  }
}

/**
 * Dilates row words lo..hi in place by `by` pixels either way. Each step ORs the row shifted by s
 * both ways, turning a covered run [−a, a] around each origin into [−a−s, a+s]; s ≤ a + 1 keeps it
 * without holes, so s = 1, 2, 4, … and then the rest: log₂(by) steps.
 */
function widenRow(row: usize, lo: i32, hi: i32, by: i32): void {
  for (let a: i32 = 0; a < by; ) {
    const s = min(a + 1, by - a);
    a += s;
    const shift = <u64>s;
    const back = <u64>(64 - s);
    let previous: u64 = 0; // the word on the left, before this step
    for (let j = lo; j <= hi; j++) {
      const at = row + (<usize>j << 3);
      const x = load<u64>(at);
      const next = j < hi ? load<u64>(at + 8) : 0;
      store<u64>(at, x | (x << shift) | (previous >> back) | (x >> shift) | (next << back));
      previous = x;
    }
  }
}

/**
 * How many set bits of plane `query` (box qy0..qy1 × qx0..qx1) have a set bit of plane `target`
 * (box ty0..ty1 × tx0..tx1) within the disk: popcount(query ∧ dilate(target)), the dilation
 * computed row by row only where the query has bits, as bit operations. With the disk's levels
 * (half-width w_l up to row offset d_l, w falling as d grows), dilate(T)(y) is
 * OR_l H_{w_l}(OR_{|dy| ≤ d_l} T(y+dy)) — H_w the horizontal widening by w — evaluated Horner-wise
 * from the widest level: acc = H_{w_0−w_1}(U_0); acc = H_{w_1−w_2}(acc ∨ U_1); …; acc = H_{w_L}(acc ∨ U_L),
 * so the row is widened by w_0 in total, in as few shifts as there are distinct half-widths.
 * The reach is < 64, so a query word's matches lie in its own target word or the two beside it.
 */
function countMatched(query: usize, qy0: i32, qy1: i32, qx0: i32, qx1: i32, target: usize, ty0: i32, ty1: i32, tx0: i32, tx1: i32, height: i32): u32 {
  const reach = reachAt(levels - 1);
  const y0 = max(qy0, ty0 - reach);
  const y1 = min(qy1, ty1 + reach);
  const a = max(qx0, tx0 - 1);
  const b = min(qx1, tx1 + 1);
  if (y0 > y1 || a > b) return 0;
  const lo = max(a - 1, 0);
  const hi = min(b + 1, rowWords - 1);
  const rowBytes = <usize>rowWords * 8;
  const acc = scratchAt;
  const u = scratchAt + rowBytes + 16;
  let matched: u32 = 0;
  for (let y = y0; y <= y1; y++) {
    const q = query + <usize>y * rowBytes;
    let any: u64 = 0;
    for (let j = a; j <= b; j++) any |= load<u64>(q + (<usize>j << 3));
    if (any == 0) continue;
    for (let j = lo; j <= hi; j++) {
      store<u64>(u + (<usize>j << 3), y >= ty0 && y <= ty1 ? load<u64>(target + <usize>y * rowBytes + (<usize>j << 3)) : 0);
      store<u64>(acc + (<usize>j << 3), 0);
    }
    let d = 0;
    for (let l = 0; l < levels; l++) {
      const reachL = reachAt(l);
      for (; d < reachL; ) {
        d++;
        const up = y - d;
        const down = y + d;
        const hasUp = up >= ty0 && up <= ty1;
        const hasDown = down >= ty0 && down <= ty1;
        if (!hasUp && !hasDown) continue;
        for (let j = lo; j <= hi; j++) {
          const at = <usize>j << 3;
          let v = load<u64>(u + at);
          if (hasUp) v |= load<u64>(target + <usize>up * rowBytes + at);
          if (hasDown) v |= load<u64>(target + <usize>down * rowBytes + at);
          store<u64>(u + at, v);
        }
      }
      for (let j = lo; j <= hi; j++) {
        const at = <usize>j << 3;
        store<u64>(acc + at, load<u64>(acc + at) | load<u64>(u + at));
      }
      const by = widthAt(l) - (l + 1 < levels ? widthAt(l + 1) : 0);
      if (by > 0) widenRow(acc, lo, hi, by);
    }
    for (let j = a; j <= b; j++) {
      const at = <usize>j << 3;
      matched += <u32>popcnt(load<u64>(q + at) & load<u64>(acc + at));
    }
  }
  return matched;
}

/**
 * Boundary counts of every class flagged in `present` (u8[k] at that address: bit 0, the class
 * has pixels in the truth; bit 1, in the prediction), written to out[4c..4c+3]. Per class: both
 * membership planes, both boundary planes with their boxes, then the two matched counts if both
 * maps have boundary pixels. `limit` < 0: nothing matches.
 */
export function boundaries(width: i32, height: i32, k: i32, davis: bool, limit: i32): void {
  memory.fill(outAt, 0, <usize>(4 * k) * 4);
  const gtMember = planeAt;
  const predMember = planeAt + planeBytes;
  const gtBoundary = planeAt + 2 * planeBytes;
  const predBoundary = planeAt + 3 * planeBytes;
  if (limit >= 0) prepareDisk(limit);
  for (let c = 1; c < k; c++) {
    const flags = load<u8>(presentAt + <usize>c);
    if (flags == 0) continue;
    let gtCount: u32 = 0;
    let predCount: u32 = 0;
    let gy0 = 0, gy1 = -1, gx0 = 0, gx1 = -1;
    let py0 = 0, py1 = -1, px0 = 0, px1 = -1;
    if (flags & 1) {
      buildMembership(gtAt, gtMember, width, height, c);
      gtCount = buildBoundary(gtMember, gtBoundary, width, height, davis);
      gy0 = boxY0; gy1 = boxY1; gx0 = boxX0; gx1 = boxX1;
    }
    if (flags & 2) {
      buildMembership(predAt, predMember, width, height, c);
      predCount = buildBoundary(predMember, predBoundary, width, height, davis);
      py0 = boxY0; py1 = boxY1; px0 = boxX0; px1 = boxX1;
    }
    const out = outAt + (<usize>(4 * c) << 2);
    store<u32>(out, gtCount);
    store<u32>(out + 8, predCount);
    if (gtCount == 0 || predCount == 0 || limit < 0) continue;
    store<u32>(out + 4, countMatched(gtBoundary, gy0, gy1, gx0, gx1, predBoundary, py0, py1, px0, px1, height));
    store<u32>(out + 12, countMatched(predBoundary, py0, py1, px0, px1, gtBoundary, gy0, gy1, gx0, gx1, height));
  }
}
