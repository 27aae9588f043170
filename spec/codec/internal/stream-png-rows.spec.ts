/**
 * streamPngRows: the rows it hands out, streamed (as for masks past 32 MiB) or inflated at once,
 * are the rows of the image — every pass of every fixture, every filter — and a stream that
 * inflates past its header, runs short or has an unknown filter is an error in both modes.
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflatePngRows, readPngHeader } from '../../../src/codec/internal/read-png.js';
import { streamPngRows } from '../../../src/codec/internal/stream-png-rows.js';
import { handMadePng } from '../../fixtures/hand-made-png.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Every row handed out, as `pass:y:hex`. */
async function rowsOf(bytes: Uint8Array, wholeMaxBytes: number): Promise<string[]> {
  const out: string[] = [];
  await streamPngRows({
    bytes,
    header: readPngHeader(bytes)!,
    wholeMaxBytes,
    onRows: (rows, pass, y, count) => {
      for (let r = 0; r < count; r++) out.push(`${pass.x0},${pass.y0}:${y + r}:${Buffer.from(rows.subarray(r * pass.stride, (r + 1) * pass.stride)).toString('hex')}`);
    },
  });
  return out;
}

describe('streamPngRows', () => {
  it('hands out the same rows streamed as inflated at once, and for a plain PNG the rows inflatePngRows gives', async () => {
    const names = [...(await readdir(`${fixtures}label-pngs`)).map((n) => `label-pngs/${n}`), ...(await readdir(`${fixtures}interlaced-pngs`)).map((n) => `interlaced-pngs/${n}`)].filter((n) => n.endsWith('.png'));
    // A big one too: 700×300 RGB noise, so chunks of 256 KiB end mid-row and every filter occurs.
    const noise = new Uint8Array(300 * (700 * 3 + 1)).map((_, i) => (i % (700 * 3 + 1) === 0 ? i % 5 : (i * 7919) % 251));
    const big = handMadePng({ width: 700, height: 300, colorType: 2, idat: deflateSync(noise) });
    const inputs: [string, Uint8Array][] = [...(await Promise.all(names.map(async (n) => [n, new Uint8Array(await readFile(`${fixtures}${n}`))] as [string, Uint8Array]))), ['noise', big]];
    expect(inputs.length).toBeGreaterThan(45);
    for (const [name, bytes] of inputs) {
      const header = readPngHeader(bytes)!;
      const whole = await rowsOf(bytes, Infinity);
      expect(await rowsOf(bytes, 0), name).toEqual(whole);
      if (!header.interlaced) {
        const { rows, stride } = inflatePngRows(bytes, header);
        expect(whole.map((r) => r.split(':')[2]).join(''), name).toBe(Buffer.from(rows.subarray(0, header.height * stride)).toString('hex'));
      }
    }
  });

  it('refuses, in both modes, a stream that inflates past its header, one cut short and an unknown filter', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [handMadePng({ width: 64, height: 64, idat: deflateSync(Buffer.alloc(8 * 1024 * 1024)) }), /^image data inflates to more than the 4160 bytes its 64×64 header allows$/],
      [handMadePng({ width: 4, height: 4, idat: deflateSync(new Uint8Array(7)) }), /^image data inflates to 7 bytes, 20 expected \(truncated\?\)$/],
      [handMadePng({ width: 2, height: 3, idat: deflateSync(Uint8Array.from([0, 1, 2, 1, 3, 4, 6, 5, 6])) }), /^row 2 has unknown filter type 6$/],
      [handMadePng({ width: 2, height: 2, interlace: 1, idat: deflateSync(Uint8Array.from([0, 1, 0, 2, 7, 3, 4])) }), /^row 0 of interlace pass 7 has unknown filter type 7$/],
      [handMadePng({ width: 4, height: 4, idat: Uint8Array.from([1, 2, 3, 4]) }), /^image data does not inflate/],
    ];
    for (const [bytes, message] of cases) {
      for (const wholeMaxBytes of [0, Infinity]) {
        await expect(rowsOf(bytes, wholeMaxBytes), `${message} ${wholeMaxBytes}`).rejects.toThrow(message);
      }
    }
    // What the row callback throws ends the stream with it.
    const bytes = cases[0][0];
    const fine = handMadePng({ width: 64, height: 64, idat: deflateSync(new Uint8Array(64 * 65)) });
    const enough = () => {
      throw new Error('enough');
    };
    for (const wholeMaxBytes of [0, Infinity]) await expect(streamPngRows({ bytes: fine, header: readPngHeader(bytes)!, wholeMaxBytes, onRows: enough })).rejects.toThrow('enough');
  });
});
