/**
 * decodesExactlyInSharp: which PNG files a sharp step may start from (giving the very pixels
 * `decodeImage` gives), read from the chunk headers alone. Every "no" sends a record down the
 * decoded path, so a wrong "yes" is the failure that matters: each refused kind is one where
 * libvips' pixels could differ (palette, transparency, colour profile, gamma, other bit depths,
 * another size) or the file is not whole.
 */
import sharp, { type PngOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { pngChunk } from '../../../src/codec/internal/png-chunk.js';
import { decodesExactlyInSharp } from '../../../src/transforms/internal/decodes-exactly-in-sharp.js';

const W = 24;
const H = 16;

async function png(channels: 1 | 3 | 4, options: PngOptions = {}, depth: 'uchar' | 'ushort' = 'uchar'): Promise<Uint8Array> {
  const data = Uint8Array.from({ length: W * H * channels }, (_, i) => (i * 37) & 255);
  let s = sharp(data, { raw: { width: W, height: H, channels } });
  if (depth === 'ushort') s = s.toColourspace('rgb16');
  if (channels === 1) s = s.toColourspace('b-w'); // else libvips writes one channel as RGB
  return new Uint8Array(await s.png(options).toBuffer());
}

/** `bytes` with a chunk inserted right after IHDR. */
function withChunk(bytes: Uint8Array, type: string, data: Uint8Array): Uint8Array {
  return Buffer.concat([bytes.subarray(0, 33), pngChunk(type, data), bytes.subarray(33)]);
}

describe('decodesExactlyInSharp', () => {
  it('says yes for a whole 8-bit RGB or RGBA PNG of the record size, text chunks and all', async () => {
    expect(await decodesExactlyInSharp(await png(3), W, H)).toBe(true);
    expect(await decodesExactlyInSharp(await png(4), W, H)).toBe(true);
    expect(await decodesExactlyInSharp(withChunk(await png(3), 'tEXt', new TextEncoder().encode('Comment\0hi')), W, H)).toBe(true);
  });

  it('says no for another size, grey, palette, 16 bits, or a colour, gamma or transparency chunk', async () => {
    const rgb = await png(3);
    expect(await decodesExactlyInSharp(rgb, W + 1, H)).toBe(false);
    expect(await decodesExactlyInSharp(rgb, W, H - 1)).toBe(false);
    expect(await decodesExactlyInSharp(await png(1), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(await png(3, { palette: true }), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(await png(3, {}, 'ushort'), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(withChunk(rgb, 'gAMA', Uint8Array.of(0, 0, 0xb1, 0x8f)), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(withChunk(rgb, 'sRGB', Uint8Array.of(0)), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(withChunk(rgb, 'tRNS', Uint8Array.of(0, 1, 0, 2, 0, 3)), W, H)).toBe(false);
    const withProfile = new Uint8Array(await sharp(rgb).withIccProfile('p3').png().toBuffer());
    expect(await decodesExactlyInSharp(withProfile, W, H)).toBe(false);
  });

  it('says no for a file that is cut short, has no IEND, or is not a PNG at all', async () => {
    const rgb = await png(3);
    expect(await decodesExactlyInSharp(rgb.subarray(0, rgb.length - 20), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(rgb.subarray(0, rgb.length - 12), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(rgb.subarray(0, 20), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(new Uint8Array(await sharp(rgb).jpeg().toBuffer()), W, H)).toBe(false);
    expect(await decodesExactlyInSharp(new TextEncoder().encode('not an image at all, just text'), W, H)).toBe(false);
  });
});
