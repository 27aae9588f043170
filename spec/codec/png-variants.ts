/** PNGs of every kind a decoder meets, made by sharp (and by hand where sharp cannot), for the codec specs. */
import sharp, { type Sharp } from 'sharp';
import { pngChunk as chunk } from '../../samples/lib/png.js';
import { mulberry32 } from '../fixtures/mulberry32.js';

export interface Variant {
  name: string;
  png: Uint8Array;
  /** Whether the synchronous decoder should take it (else it must defer to sharp). */
  plain: boolean;
}

/** Inserts a chunk right after IHDR. */
function withChunk(png: Uint8Array, type: string, data: Uint8Array): Uint8Array {
  const at = 8 + 25;
  const c = chunk(type, data);
  const out = new Uint8Array(png.length + c.length);
  out.set(png.subarray(0, at));
  out.set(c, at);
  out.set(png.subarray(at), at + c.length);
  return out;
}

/** Splits the (single) IDAT into pieces of `size` bytes, as some encoders write it. */
function splitIdat(png: Uint8Array, size: number): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  for (let p = 8; p < png.length; ) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    if (type === 'IDAT') {
      const body = png.subarray(p + 8, p + 8 + length);
      for (let o = 0; o < body.length; o += size) parts.push(chunk('IDAT', body.subarray(o, o + size)));
    } else parts.push(png.subarray(p, p + 12 + length));
    p += 12 + length;
  }
  return Uint8Array.from(Buffer.concat(parts));
}

/** Noisy photo-like pixels, so every PNG filter type gets used. */
function pixels(width: number, height: number, channels: number, seed: number): Buffer {
  const random = mulberry32(seed);
  const out = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) out[(y * width + x) * channels + c] = (x * (c + 1) + y * 3 + Math.floor(random() * 24)) & 255;
    }
  }
  return out;
}

const labels = (width: number, height: number) => Buffer.from(Array.from({ length: width * height }, (_, i) => (((i % width) >> 3) + ((Math.floor(i / width) >> 3) * 3)) % 9));

export async function pngVariants(): Promise<Variant[]> {
  const w = 37;
  const h = 23;
  const raw = (channels: 1 | 2 | 3 | 4, seed = channels) => sharp(pixels(w, h, channels, seed), { raw: { width: w, height: h, channels } });
  const bytes = async (s: Sharp) => new Uint8Array(await s.toBuffer());
  const rgb = await bytes(raw(3).png({ adaptiveFiltering: true }));
  return [
    { name: 'RGB, adaptive filters', png: rgb, plain: true },
    { name: 'RGB, no filters', png: await bytes(raw(3).png()), plain: true },
    { name: 'RGBA', png: await bytes(raw(4).png({ adaptiveFiltering: true })), plain: true },
    { name: 'grey', png: await bytes(raw(1).toColourspace('b-w').png({ adaptiveFiltering: true })), plain: true },
    { name: 'grey + alpha', png: await bytes(raw(2).toColourspace('b-w').png({ adaptiveFiltering: true })), plain: true },
    { name: 'grey label ids', png: await bytes(sharp(labels(w, h), { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').png()), plain: true },
    { name: 'RGB, IDAT in 100-byte pieces, a tEXt chunk', png: withChunk(splitIdat(rgb, 100), 'tEXt', new TextEncoder().encode('Comment\0made by a spec')), plain: true },
    { name: 'palette', png: await bytes(raw(3).png({ palette: true, colours: 16 })), plain: false },
    { name: 'palette with transparency', png: await bytes(raw(4).png({ palette: true, colours: 16 })), plain: false },
    { name: '16-bit RGB', png: await bytes(raw(3).toColourspace('rgb16').png()), plain: false },
    { name: '16-bit grey', png: await bytes(raw(1).toColourspace('grey16').png()), plain: false },
    { name: 'Adam7 interlaced RGB', png: await bytes(raw(3).png({ progressive: true })), plain: false },
    { name: 'RGB with a gAMA chunk', png: withChunk(rgb, 'gAMA', Uint8Array.of(0, 0, 0xb1, 0x8f)), plain: false },
    { name: 'JPEG', png: await bytes(raw(3).jpeg()), plain: false },
  ];
}
