/**
 * scanLabelMap: the label ids of a mask, streamed — the very ids and refusals of decodeLabelMap on
 * every fixture (PIL/OpenCV kinds, Adam7 of every kind), a 16-bit map refused only as a whole,
 * and bombs stopped at the header's size.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeLabelMap } from '../../src/codec/decode-label-map.js';
import { scanLabelMap } from '../../src/codec/scan-label-map.js';
import { FormatError } from '../../src/errors.js';
import { grey16Png, handMadePng } from '../fixtures/hand-made-png.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const idsOf = (labels: Uint8Array) => [...new Set(labels)].sort((a, b) => a - b);
const scanned = (ids: Uint8Array) => [...ids.keys()].filter((v) => ids[v]);

/** What decodeLabelMap and scanLabelMap make of the same bytes: the ids, or the error message. */
async function both(bytes: Uint8Array, name: string): Promise<[unknown, unknown]> {
  const decoded = await decodeLabelMap({ bytes, name }).then(idsOf, (e: Error) => (e instanceof FormatError ? e.message : e));
  const scan = await scanLabelMap({ bytes, name }).then((r) => scanned(r.ids), (e: Error) => (e instanceof FormatError ? e.message : e));
  return [decoded, scan];
}

describe('scanLabelMap', () => {
  it('finds the ids decodeLabelMap reads, and refuses what it refuses with the same message, on every fixture', async () => {
    const plain = JSON.parse(await readFile(fixture('label-pngs.json'), 'utf8')) as { files: Record<string, unknown> };
    const interlaced = JSON.parse(await readFile(fixture('interlaced-pngs.json'), 'utf8')) as Record<string, { width: number; height: number }>;
    const files = [...Object.keys(plain.files).map((n) => `label-pngs/${n}`), ...Object.keys(interlaced).map((n) => `interlaced-pngs/${n}`)];
    expect(files.length).toBeGreaterThanOrEqual(51);
    let refused = 0;
    for (const file of files) {
      const bytes = new Uint8Array(await readFile(fixture(file)));
      const [decoded, scan] = await both(bytes, file);
      expect(scan, file).toEqual(decoded);
      if (typeof decoded === 'string') refused++;
      else {
        const { width, height } = await scanLabelMap({ bytes, name: file });
        expect((await decodeLabelMap({ bytes, name: file })).length, file).toBe(width * height);
      }
    }
    expect(refused).toBe(3); // inexact 16-bit, colour-coded, JPEG
  });

  it('judges a 16-bit map as a whole: rows of plain ids and rows of ids × 257 are each fine, together refused', async () => {
    const labels = Uint8Array.from([0, 1, 2, 3, 0, 0, 0, 0]); // row 0: ids 1..3; row 1: zeros
    const ids = grey16Png(labels, 4, 2);
    expect(await both(ids, 'ids.png')).toEqual([[0, 1, 2, 3], [0, 1, 2, 3]]);
    const scaled = grey16Png(labels, 4, 2, 257);
    expect(await both(scaled, 'scaled.png')).toEqual([[0, 1, 2, 3], [0, 1, 2, 3]]);
    // Row 0 as ids (≤ 255), row 1 as ids × 257: each row alone reads, the map does not.
    const rows = new Uint8Array(16);
    rows.set([0, 1, 0, 2, 0, 3, 0, 0], 0);
    rows.set([5, 5, 5, 5, 0, 0, 0, 0], 8);
    const raw = new Uint8Array(18);
    raw.set(rows.subarray(0, 8), 1);
    raw.set(rows.subarray(8), 10);
    const mixed = handMadePng({ width: 4, height: 2, bitDepth: 16, idat: deflateSync(raw) });
    const [decoded, scan] = await both(mixed, 'mixed.png');
    expect(decoded).toMatch(/^image: mixed\.png: cannot decode: a 16-bit map whose values are neither 8-bit ids \(≤ 255\) nor 8-bit ids scaled by 257: 1285 at x=0, y=1/);
    expect(scan).toBe(decoded);
  });

  it('stops a stream that inflates past its header, and refuses a truncated one, a wrong size and a bad filter, typed', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['bomb.png', handMadePng({ width: 64, height: 64, idat: deflateSync(Buffer.alloc(64 * 1024 * 1024)) }), /image data inflates to more than the 4160 bytes its 64×64 header allows/],
      ['short.png', handMadePng({ width: 4, height: 4, idat: deflateSync(new Uint8Array(7)) }), /image data inflates to 7 bytes, 20 expected/],
      ['filter.png', handMadePng({ width: 2, height: 2, interlace: 1, idat: deflateSync(Uint8Array.from([0, 1, 0, 2, 7, 3, 4])) }), /row 0 of interlace pass 7 has unknown filter type 7/],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await scanLabelMap({ bytes, name }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(FormatError);
      expect((error as FormatError).code).toBe('IMAGE_INVALID');
      expect((error as Error).message, name).toMatch(new RegExp(`^image: ${name.replace('.', '\\.')}: cannot decode: ${message.source}`));
    }
    const wrong = await scanLabelMap({ bytes: cases[1][1], name: 'w.png', width: 5, height: 4 }).catch((e: Error) => e.message);
    expect(wrong).toBe('image: w.png: label map is 4×4, expected 5×4');
  });
});
