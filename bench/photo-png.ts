import sharp from 'sharp';

/** Sensor-like noise over smooth gradients, as PNG: inflates like a photograph (the hard case for every decoder). */
export async function photoPng(width: number, height: number, k: number): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  let s = 12345 + k;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const n = (rnd() - 0.5) * 12;
      data[o] = Math.max(0, Math.min(255, 128 + 90 * Math.sin((x + 37 * k) / 97) + n));
      data[o + 1] = Math.max(0, Math.min(255, ((y / 4 + 30 * Math.cos(x / 23)) % 256) + n));
      data[o + 2] = Math.max(0, Math.min(255, 100 + 80 * Math.sin((x * y) / 40000) + n));
    }
  }
  return new Uint8Array(await sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer());
}
