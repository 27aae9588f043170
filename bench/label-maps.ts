/**
 * decodeLabelMap, the one decoder of every label map (dataset masks, eval predictions,
 * transforms), as ratios against sharp decoding the same 8-bit grey PNG bytes in the same run
 * (`sharp(png).extractChannel(0).raw()`, what the package used before). sharp cannot be the
 * reference for palette and 16-bit maps (it gives colours, not ids), so those rows compare
 * against the same sharp call on the grey PNG of the same labels: the price of reading the
 * other kinds. A last row per size times scanLabelMap, which mask-only records (zip pairs,
 * image/mask Parquet) use to read which ids a mask holds.
 *
 * Data: label maps like the dataset's (a few rectangles of ids 1..8 over background, as
 * composeLabelMap gives them) at 256², 512² and 1024², written by sharp (grey, what writeDataset
 * and distort store) and by hand as palette and 16-bit PNGs (what PIL and OpenCV write).
 *
 *   npx tsx bench/label-maps.ts
 */
import sharp from 'sharp';
import { decodeLabelMap } from '../src/codec/decode-label-map.js';
import { scanLabelMap } from '../src/codec/scan-label-map.js';
import { grey16Png, palettePng } from '../spec/fixtures/hand-made-png.js';
import { printTable, timePerCall } from './harness.js';

function labels(size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let k = 1; k <= 8; k++) {
    const x0 = (k * 97) % (size / 2);
    const y0 = (k * 61) % (size / 2);
    for (let y = y0; y < y0 + size / 4; y++) out.fill(k, y * size + x0, y * size + x0 + size / 3);
  }
  return out;
}

const rows: (string | number)[][] = [];
for (const size of [256, 512, 1024]) {
  const map = labels(size);
  const grey = new Uint8Array(await sharp(map, { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toBuffer());
  const palette = palettePng(map, size, size);
  const wide = grey16Png(map, size, size);
  const reference = await timePerCall(() => sharp(grey).extractChannel(0).raw().toBuffer());
  for (const [kind, bytes] of [['grey 8-bit', grey], ['palette', palette], ['16-bit', wide]] as const) {
    const ours = await timePerCall(() => decodeLabelMap({ bytes, name: 'bench', width: size, height: size }));
    rows.push([`${size}²`, kind, (reference * 1e3).toFixed(3), (ours * 1e3).toFixed(3), (reference / ours).toFixed(2)]);
  }
  // What a mask-only record reads of its mask (its ids, streamed, nothing decoded kept).
  const scan = await timePerCall(() => scanLabelMap({ bytes: grey, name: 'bench', width: size, height: size }));
  rows.push([`${size}²`, 'grey 8-bit, ids only (scanLabelMap)', (reference * 1e3).toFixed(3), (scan * 1e3).toFixed(3), (reference / scan).toFixed(2)]);
}
printTable('decodeLabelMap against sharp on the grey PNG (ms per map; ratio > 1: faster than sharp)', ['size', 'kind', 'sharp ms', 'ours ms', 'ratio'], rows);
