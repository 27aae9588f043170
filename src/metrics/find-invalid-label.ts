/**
 * Index of the first pixel that no metric can score — a prediction ≥ k, or a truth ≥ k that is not
 * the ignore index — or -1 when both maps are valid. Internal to SegmentationMetrics' validation.
 *
 * Why SWAR: validation runs on every pixel of every image before any engine, so it must cost about
 * a plain read. For k ≤ 128, four bytes are tested at once: adding 128 − k to the low 7 bits of
 * each byte sets its high bit exactly when the byte is ≥ k. Only words that contain such a byte
 * (ignored truth pixels, or a real error) are looked at byte by byte.
 */
export function findInvalidLabel(params: { gt: Uint8Array; pred: Uint8Array; k: number; ignoreIndex: number }): number {
  const { gt, pred, k, ignoreIndex } = params;
  const n = gt.length;
  const slow = (from: number, to: number): number => {
    for (let i = from; i < to; i++) {
      if (pred[i] >= k) return i;
      const g = gt[i];
      if (g >= k && g !== ignoreIndex) return i;
    }
    return -1;
  };
  if (k > 128 || gt.byteOffset % 4 !== 0 || pred.byteOffset % 4 !== 0) return slow(0, n);
  const words = n >>> 2;
  const g32 = new Uint32Array(gt.buffer, gt.byteOffset, words);
  const p32 = new Uint32Array(pred.buffer, pred.byteOffset, words);
  const add = (128 - k) * 0x01010101;
  let predHigh = 0;
  for (let j = 0; j < words; j++) {
    const y = p32[j];
    predHigh |= (((y & 0x7f7f7f7f) + add) | y) & 0x80808080;
    const x = g32[j];
    if (((((x & 0x7f7f7f7f) + add) | x) & 0x80808080) !== 0) {
      const bad = slow(j * 4, j * 4 + 4);
      if (bad >= 0) return bad;
    }
  }
  if (predHigh !== 0) {
    const bad = slow(0, words * 4);
    if (bad >= 0) return bad;
  }
  return slow(words * 4, n);
}
