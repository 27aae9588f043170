/** Plain, obviously-correct reimplementations of pycocotools' RLE used as oracles by the specs. */
export { mulberry32 as rng } from '../fixtures/mulberry32.js';

/** Column-major run lengths of a row-major mask, starting with zeros (pycocotools `rleEncode`). */
export function referenceCounts(mask: Uint8Array, height: number, width: number): number[] {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = mask[y * width + x] !== 0 ? 1 : 0;
      if (v !== current) {
        counts.push(run);
        run = 0;
        current = v;
      }
      run++;
    }
  }
  counts.push(run);
  return counts;
}

/** pycocotools `rleToString`, transcribed literally (BigInt keeps C's 64-bit arithmetic shift). */
export function referenceString(counts: number[]): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = BigInt(counts[i]);
    if (i > 2) x -= BigInt(counts[i - 2]);
    let more = true;
    while (more) {
      let c = Number(x & 0x1fn);
      x >>= 5n;
      more = c & 0x10 ? x !== -1n : x !== 0n;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}


/** A mask of a few random discs, some crossing the border, with arbitrary non-zero values inside. */
export function blobMask(height: number, width: number, random: () => number): Uint8Array {
  const mask = new Uint8Array(height * width);
  const discs = 1 + Math.floor(random() * 4);
  for (let d = 0; d < discs; d++) {
    const cx = random() * width;
    const cy = random() * height;
    const r = 1 + random() * Math.max(width, height) * 0.4;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) mask[y * width + x] = 1 + Math.floor(random() * 200);
      }
    }
  }
  return mask;
}
