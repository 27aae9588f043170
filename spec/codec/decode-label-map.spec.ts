import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeLabelMap } from '../../src/codec/decode-label-map.js';
import { FormatError } from '../../src/errors.js';
import { handMadePng } from '../fixtures/hand-made-png.js';
import { mulberry32 } from '../fixtures/mulberry32.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('decodeLabelMap', () => {
  it('reads the label ids PIL and OpenCV store — palette indices, 1-bit, 4-bit, 16-bit — and refuses what is not label ids', async () => {
    const spec = JSON.parse(await readFile(fixture('label-pngs.json'), 'utf8')) as {
      width: number;
      height: number;
      files: Record<string, { labels?: number[]; refused?: string }>;
    };
    expect(Object.keys(spec.files).length).toBeGreaterThanOrEqual(15);
    for (const [name, expected] of Object.entries(spec.files)) {
      const bytes = new Uint8Array(await readFile(fixture(`label-pngs/${name}`)));
      const outcome = await decodeLabelMap({ bytes, name, width: spec.width, height: spec.height }).catch((e: unknown) => e);
      if (expected.labels) {
        expect(outcome, `${name}: ${(outcome as Error)?.message}`).toBeInstanceOf(Uint8Array);
        expect([...(outcome as Uint8Array)], name).toEqual(expected.labels);
      } else {
        expect(outcome, name).toBeInstanceOf(FormatError);
        expect((outcome as FormatError).code).toBe('IMAGE_INVALID');
        expect((outcome as Error).message, name).toMatch(new RegExp(`^image: ${name.replace('.', '\\.')}: cannot decode: .*${expected.refused}`));
      }
    }
  });

  it('gives exactly the bytes sharp gives for 8-bit greyscale PNGs of any filter, size and content', async () => {
    const random = mulberry32(7);
    for (const [width, height] of [[1, 1], [3, 5], [17, 9], [256, 256], [513, 7]]) {
      for (const kind of ['noise', 'runs']) {
        const labels = new Uint8Array(width * height).map((_, i) => (kind === 'noise' ? Math.floor(random() * 256) : Math.floor(i / 37) % 9));
        for (const adaptiveFiltering of [false, true]) {
          const png = new Uint8Array(await sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ adaptiveFiltering, compressionLevel: 9 }).toBuffer());
          const viaSharp = new Uint8Array(await sharp(png).extractChannel(0).raw().toBuffer());
          const got = await decodeLabelMap({ bytes: png, name: 'x.png', width, height });
          expect(Buffer.compare(got, viaSharp), `${width}×${height} ${kind} adaptive=${adaptiveFiltering}`).toBe(0);
          expect(Buffer.compare(got, labels)).toBe(0);
        }
      }
    }
  });

  it('reads the header first: a wrong size is refused before inflating, and inflating stops at the declared size (a mask bomb)', async () => {
    // 20000×20000 declared (400 M pixels), a stream that would inflate to 400 MB: refused from the header alone.
    const bomb = handMadePng({ width: 20000, height: 20000, idat: deflateSync(Buffer.alloc(50 * 1024 * 1024)) });
    const rss = process.memoryUsage().rss;
    const wrong = await decodeLabelMap({ bytes: bomb, name: 'bomb.png', width: 256, height: 256 }).catch((e) => e);
    expect(wrong).toBeInstanceOf(FormatError);
    expect(wrong.message).toBe('image: bomb.png: label map is 20000×20000, expected 256×256');
    const unchecked = await decodeLabelMap({ bytes: bomb, name: 'bomb.png' }).catch((e) => e);
    expect(unchecked.message).toBe('image: bomb.png: label map is 20000×20000, more than the 268402689 pixels (16383²) any mask may have');
    // A header that tells the truth over a stream that inflates far past it.
    const liar = handMadePng({ width: 256, height: 256, idat: deflateSync(Buffer.alloc(50 * 1024 * 1024)) });
    const inflated = await decodeLabelMap({ bytes: liar, name: 'liar.png', width: 256, height: 256 }).catch((e) => e);
    expect(inflated).toBeInstanceOf(FormatError);
    expect(inflated.message).toMatch(/liar\.png: cannot decode: image data inflates to more than the 65792 bytes its 256×256 header allows/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('de-interlaces Adam7 PNGs of every kind (made from the PNG specification, read back by Pillow) to the labels they store', async () => {
    const spec = JSON.parse(await readFile(fixture('interlaced-pngs.json'), 'utf8')) as Record<string, { width: number; height: number; labels: number[] }>;
    expect(Object.keys(spec).length).toBe(36);
    for (const [name, { width, height, labels }] of Object.entries(spec)) {
      const bytes = new Uint8Array(await readFile(fixture(`interlaced-pngs/${name}`)));
      const got = await decodeLabelMap({ bytes, name, width, height }).catch((e: Error) => e);
      expect(got, `${name}: ${(got as Error).message}`).toBeInstanceOf(Uint8Array);
      expect([...(got as Uint8Array)], name).toEqual(labels);
    }
    // And as libvips writes them (sharp's progressive PNG), to the pixels it reads back.
    const random = mulberry32(3);
    for (const [width, height] of [[1, 1], [9, 2], [300, 257]]) {
      const labels = new Uint8Array(width * height).map(() => Math.floor(random() * 9));
      const png = new Uint8Array(await sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ progressive: true }).toBuffer());
      expect(png[28], 'interlaced').toBe(1);
      expect(Buffer.compare(await decodeLabelMap({ bytes: png, name: 'p.png', width, height }), labels), `${width}×${height}`).toBe(0);
    }
  });

  it('refuses a truncated PNG, an unknown row filter and an interlaced PNG whose passes are short with IMAGE_INVALID naming the file', async () => {
    const png = new Uint8Array(await sharp(new Uint8Array(64 * 64).fill(3), { raw: { width: 64, height: 64, channels: 1 } }).toColourspace('b-w').png().toBuffer());
    for (const [name, bytes, message] of [
      ['cut.png', png.slice(0, png.length - 20), /cannot decode: (no IEND|chunk at byte \d+ runs past)/],
      ['filter.png', handMadePng({ width: 2, height: 1, idat: deflateSync(Uint8Array.from([9, 1, 2])) }), /row 0 has unknown filter type 9/],
      // A 2×2 Adam7 image has passes 1, 6 and 7: 2 + 2 + 3 bytes, not 10.
      ['adam7.png', handMadePng({ width: 2, height: 2, colorType: 3, interlace: 1, plte: new Uint8Array(6), idat: deflateSync(new Uint8Array(10)) }), /image data inflates to more than the 7 bytes its 2×2 header allows/],
      ['adam7-filter.png', handMadePng({ width: 2, height: 2, interlace: 1, idat: deflateSync(Uint8Array.from([0, 1, 0, 2, 7, 3, 4])) }), /row 0 of interlace pass 7 has unknown filter type 7/],
      ['short.png', handMadePng({ width: 4, height: 4, idat: deflateSync(new Uint8Array(7)) }), /inflates to 7 bytes, 20 expected/],
    ] as const) {
      const error = await decodeLabelMap({ bytes, name }).catch((e) => e);
      expect(error, name).toBeInstanceOf(FormatError);
      expect(error.message, name).toMatch(new RegExp(`^image: ${name.replace('.', '\\.')}: `));
      expect(error.message, name).toMatch(message);
    }
  });

  it('returns a plain Uint8Array over memory of its own (not a Buffer, whose slice() is a view, nor a slice of a shared pool)', async () => {
    for (const size of [2, 30, 300]) {
      const png = new Uint8Array(await sharp(new Uint8Array(size * size).fill(4), { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toBuffer());
      const labels = await decodeLabelMap({ bytes: png, name: 'x.png' });
      expect(Buffer.isBuffer(labels)).toBe(false);
      expect(labels.byteOffset).toBe(0);
      const copy = labels.slice();
      copy[0] = 9;
      expect(labels[0]).toBe(4);
    }
  });
});
