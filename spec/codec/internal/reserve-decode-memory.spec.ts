/**
 * The decode memory budget: reservations past DECODE_MEMORY_BYTES wait, first come first served,
 * a larger one runs alone; and both decoders go through it (a decode waits while the budget is
 * held, and runs once it is given back).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/codec/decode-image.js';
import { decodeLabelMap } from '../../../src/codec/decode-label-map.js';
import { reserveDecodeMemory } from '../../../src/codec/internal/reserve-decode-memory.js';
import { DECODE_MEMORY_BYTES } from '../../../src/schema/limits.js';

/** Whether a promise has settled after the event loop has turned a few times. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  return done;
}

describe('reserveDecodeMemory', () => {
  it('grants what fits at once, queues the rest first come first served, and runs a reservation larger than the budget alone', async () => {
    const part = Math.floor(DECODE_MEMORY_BYTES * 0.4);
    const a = await reserveDecodeMemory(part);
    const b = await reserveDecodeMemory(part);
    const big = reserveDecodeMemory(2 * part); // fits beside neither a nor b
    const small = reserveDecodeMemory(1024); // would fit, but comes after big
    expect(await settled(big)).toBe(false);
    expect(await settled(small)).toBe(false);
    a();
    a(); // giving back twice gives back once
    expect(await settled(big)).toBe(false);
    b();
    const releaseBig = await big;
    const releaseSmall = await small;
    releaseSmall();
    const huge = reserveDecodeMemory(4 * DECODE_MEMORY_BYTES);
    expect(await settled(huge)).toBe(false);
    releaseBig();
    const releaseHuge = await huge; // alone, it runs
    const after = reserveDecodeMemory(1);
    expect(await settled(after)).toBe(false);
    releaseHuge();
    (await after)();
  });

  it('decodeImage and decodeLabelMap wait while other decodes hold the budget, and finish once it is given back', async () => {
    const side = 512;
    const grey = new Uint8Array(side * side).map((_, i) => i % 7);
    const mask = new Uint8Array(await sharp(grey, { raw: { width: side, height: side, channels: 1 } }).toColourspace('b-w').png({ progressive: true }).toBuffer());
    const photo = new Uint8Array(await sharp(grey, { raw: { width: side, height: side, channels: 1 } }).png().toBuffer());
    const hold = await reserveDecodeMemory(DECODE_MEMORY_BYTES);
    const labels = decodeLabelMap({ bytes: mask, name: 'mask.png' });
    const image = decodeImage({ bytes: photo, name: 'photo.png' });
    expect(await settled(labels)).toBe(false);
    expect(await settled(image)).toBe(false);
    hold();
    expect((await labels).length).toBe(side * side);
    expect((await image).width).toBe(side);
  });
});
