/**
 * Counts every (truth, prediction) byte pair of two equally long label maps into
 * `pairs[truth · k + prediction]` (`pairs` has 256·k entries, so any truth byte fits; every
 * prediction must be < k). Internal to the typed-array engine.
 *
 * Why words: label maps are mostly long runs where truth and prediction agree (background, blob
 * interiors). Reading four pixels per 32-bit word and adding a whole uniform, agreeing word to a
 * running count in a register avoids one memory increment per pixel — the increments of a
 * histogram on one hot counter serialize on store-to-load forwarding and would otherwise make the
 * confusion matrix several times slower than a plain read of the two buffers.
 */
export function countPairs(params: { gt: Uint8Array; pred: Uint8Array; k: number; pairs: Float64Array }): void {
  const { gt, pred, k, pairs } = params;
  const n = gt.length;
  let start = 0;
  if (gt.byteOffset % 4 === 0 && pred.byteOffset % 4 === 0 && n >= 4) {
    const words = n >>> 2;
    const g32 = new Uint32Array(gt.buffer, gt.byteOffset, words);
    const p32 = new Uint32Array(pred.buffer, pred.byteOffset, words);
    let runLabel = 0;
    let run = 0;
    for (let j = 0; j < words; j++) {
      const x = g32[j];
      const y = p32[j];
      const low = x & 255;
      if (x === y && x === low * 0x01010101) {
        if (low !== runLabel) {
          pairs[runLabel * k + runLabel] += run;
          runLabel = low;
          run = 0;
        }
        run += 4;
        continue;
      }
      pairs[low * k + (y & 255)]++;
      pairs[((x >>> 8) & 255) * k + ((y >>> 8) & 255)]++;
      pairs[((x >>> 16) & 255) * k + ((y >>> 16) & 255)]++;
      pairs[(x >>> 24) * k + (y >>> 24)]++;
    }
    pairs[runLabel * k + runLabel] += run;
    start = words * 4;
  }
  for (let i = start; i < n; i++) pairs[gt[i] * k + pred[i]]++;
}
