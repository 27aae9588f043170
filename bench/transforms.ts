/**
 * Throughput of each robustness preset on 1024×1024 PNG images, against sharp doing the same
 * operation alone (one libvips pipeline from PNG bytes to the distorted pixels).
 *
 *   npx tsx bench/transforms.ts [--rounds 7] [--images 4]
 *
 * Pipeline = what `diffseg30k distort` and `loadSplit({ transform })` do per image:
 * `transformSample(preset)` on a sample holding the PNG bytes and its (already decoded) label map,
 * then its transformed `image()` and `labelMap()` (label map checked for invented ids). A preset
 * whose first step is a sharp operation starts from the PNG file (`applyEncoded`); the others
 * decode the PNG once to raw pixels first. Baseline = sharp alone: e.g. for jpeg60 `sharp(png).jpeg({quality: 60})`
 * then decode the JPEG. Overhead = pipeline / baseline − 1, from the fastest run (least disturbed
 * by other load on the machine) and from the median, per image, the two interleaved image by
 * image. Not a test: nothing is asserted.
 */
import { parseArgs } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import type { Sample } from '../src/schema/sample.js';
import { JPEG_ENCODER_OPTIONS } from '../src/transforms/jpeg.js';
import { ROBUSTNESS_PRESETS } from '../src/transforms/robustness-preset.js';
import { transformSample } from '../src/sample/transform-sample.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, images: { type: 'string', default: '4' } } });
const ROUNDS = Number(values.rounds);
const IMAGES = Number(values.images);
const SIZE = 1024;

/** A photo-like 1024×1024 PNG: smooth gradients, texture and sensor-like noise (PNG decode cost like a real photo). */
async function makePng(k: number): Promise<{ png: Buffer; labelMap: Uint8Array }> {
  const data = Buffer.alloc(SIZE * SIZE * 3);
  let s = 12345 + k;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const o = (y * SIZE + x) * 3;
      const n = (rnd() - 0.5) * 12;
      data[o] = Math.max(0, Math.min(255, 128 + 90 * Math.sin((x + 37 * k) / 97) + n));
      data[o + 1] = Math.max(0, Math.min(255, (y / 4 + 30 * Math.cos(x / 23)) % 256 + n));
      data[o + 2] = Math.max(0, Math.min(255, 100 + 80 * Math.sin((x * y) / 40000) + n));
    }
  }
  const png = await sharp(data, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toBuffer();
  const labelMap = new Uint8Array(SIZE * SIZE);
  for (let y = 200; y < 600; y++) labelMap.fill(1 + (k % 8), y * SIZE + 300, y * SIZE + 700);
  return { png, labelMap };
}

const decodeRaw = (pipeline: Sharp) => pipeline.raw().toBuffer({ resolveWithObject: true });
const lanczos = { kernel: 'lanczos3', fit: 'fill' } as const;

/** sharp alone doing each preset's operation, PNG bytes in, distorted pixels out. */
const BASELINES: Record<string, { note?: string; run: (png: Buffer) => Promise<unknown> }> = {
  jpeg60: { run: async (png) => decodeRaw(sharp(await sharp(png).jpeg({ ...JPEG_ENCODER_OPTIONS, quality: 60 }).toBuffer())) },
  jpeg80: { run: async (png) => decodeRaw(sharp(await sharp(png).jpeg({ ...JPEG_ENCODER_OPTIONS, quality: 80 }).toBuffer())) },
  jpeg30: { run: async (png) => decodeRaw(sharp(await sharp(png).jpeg({ ...JPEG_ENCODER_OPTIONS, quality: 30 }).toBuffer())) },
  jpeg90: { run: async (png) => decodeRaw(sharp(await sharp(png).jpeg({ ...JPEG_ENCODER_OPTIONS, quality: 90 }).toBuffer())) },
  webp50: { run: async (png) => decodeRaw(sharp(await sharp(png).webp({ quality: 50, smartSubsample: false, effort: 4 }).toBuffer())) },
  webp75: { run: async (png) => decodeRaw(sharp(await sharp(png).webp({ quality: 75, smartSubsample: false, effort: 4 }).toBuffer())) },
  resize256: { run: (png) => decodeRaw(sharp(png).resize(256, 256, lanczos)) },
  resize384: { run: (png) => decodeRaw(sharp(png).resize(384, 384, lanczos)) },
  resize1024: { note: 'no-op at 1024', run: (png) => decodeRaw(sharp(png).resize(1024, 1024, lanczos)) },
  blur1: { run: (png) => decodeRaw(sharp(png).blur(1)) },
  blur2: { run: (png) => decodeRaw(sharp(png).blur(2)) },
  noise5: { note: 'no seeded sharp op: baseline = decode only', run: (png) => decodeRaw(sharp(png)) },
  noise10: { note: 'no seeded sharp op: baseline = decode only', run: (png) => decodeRaw(sharp(png)) },
  'resize256+jpeg80': {
    run: async (png) => decodeRaw(sharp(await sharp(png).resize(256, 256, lanczos).jpeg({ ...JPEG_ENCODER_OPTIONS, quality: 80 }).toBuffer())),
  },
  'blur1+jpeg80': { run: async (png) => decodeRaw(sharp(await sharp(png).blur(1).jpeg({ ...JPEG_ENCODER_OPTIONS, quality: 80 }).toBuffer())) },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const images = await Promise.all(Array.from({ length: IMAGES }, (_, k) => makePng(k)));
console.log(`# transforms bench: ${IMAGES} PNG images ${SIZE}×${SIZE} (${(images[0].png.length / 1e6).toFixed(1)} MB each), ${ROUNDS} rounds, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, concurrency ${sharp.concurrency()}`);
console.log('');
console.log('| preset | pipeline ms/img (min / median) | sharp alone ms/img (min / median) | overhead (min) | overhead (median) | images/s | note |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const [name, preset] of Object.entries(ROBUSTNESS_PRESETS)) {
  const baseline = BASELINES[name];
  if (!baseline) continue;
  const pipeline = async (k: number) => {
    const { png, labelMap } = images[k];
    const sample = {
      id: `img-${k}`,
      width: SIZE,
      height: SIZE,
      turns: [],
      imageBytes: png,
      image: async () => {
        const { data, info } = await decodeRaw(sharp(png));
        return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
      },
      labelMap: async () => labelMap,
    } as unknown as Sample;
    const t = transformSample({ sample, transform: preset.transform });
    await t.image();
    await t.labelMap();
  };
  const alone = (k: number) => baseline.run(images[k].png);
  await pipeline(0); // warm-up
  await alone(0);
  const p: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < IMAGES; k++) {
      // Interleave image by image, alternating which goes first, so load spikes hit both alike.
      if ((r + k) % 2) {
        b.push(await time(() => alone(k)));
        p.push(await time(() => pipeline(k)));
      } else {
        p.push(await time(() => pipeline(k)));
        b.push(await time(() => alone(k)));
      }
    }
  }
  const pct = (x: number, y: number) => `${x >= y ? '+' : ''}${((x / y - 1) * 100).toFixed(1)} %`;
  const [pMin, bMin, pMed, bMed] = [Math.min(...p), Math.min(...b), median(p), median(b)];
  console.log(
    `| ${name} | ${pMin.toFixed(1)} / ${pMed.toFixed(1)} | ${bMin.toFixed(1)} / ${bMed.toFixed(1)} | ${pct(pMin, bMin)} | ${pct(pMed, bMed)} | ${(1000 / pMed).toFixed(1)} | ${baseline.note ?? ''} |`,
  );
}
