/**
 * Images and masks that lie about their size or explode when decoded, through loadSplit and
 * validate; and the PNG kinds users save label maps in, through eval. Every lie is caught from the
 * header — before the pixels cost memory — as an IMAGE_INVALID naming file and record.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDeflate, deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { memoryIo } from '../cli/io.js';
import { grey16Png, handMadePng, palettePng } from '../fixtures/hand-made-png.js';
import { makeRecords } from '../format/make-records.js';
import { expectTyped, rejection, snapshot, tempDir, validationProblems } from './helpers.js';

let root: string;
beforeAll(async () => {
  root = await tempDir();
});

const SHARD = 'data/validation-00000-of-00001.parquet';

describe('PNG bombs and size lies', () => {
  it('an image of another size than its record (a 128² image in a 256² record, a 16000² one) is refused from the header', async () => {
    const dir = join(root, 'image-sizes');
    const records = await makeRecords(3, 'validation');
    // 16000² grey zeros: 256 M pixels (768 MB as RGB once decoded), a few hundred kB as a file.
    const big = handMadePng({ width: 16000, height: 16000, idat: deflateSync(Buffer.alloc(16000 * 16001)) });
    records[1].image = { bytes: new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).png().toBuffer()), path: 'small.png' };
    records[2].image = { bytes: big, path: 'big.png' };
    await writeDataset({ out: dir, splits: { validation: records } });
    const before = await snapshot(dir);
    const outcomes: string[] = [];
    const rss = process.memoryUsage().rss;
    for await (const s of loadSplit('validation', { source: dir })) {
      const error = await s.image().then(() => undefined, (e) => e);
      if (!error) continue;
      expectTyped(error, 'IMAGE_INVALID', [join(dir, SHARD), `record ${s.id}, image`]);
      outcomes.push(error.message.replace(/^.*image: /, ''));
    }
    expect(outcomes).toEqual([`image is 8×8, expected ${records[1].width}×${records[1].height}`, `image is 16000×16000, expected ${records[2].width}×${records[2].height}`]);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
    const problems = (await validationProblems(dir)).join('\n');
    expect(problems).toMatch(/record validation-0001: image: is 8×8 but the record says 17×12/);
    expect(problems).toMatch(/record validation-0002: image: is 16000×16000 but the record says 18×12/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a mask bomb (a 20000² header) and a mask stream inflating past its header: refused before decoding, in bounded memory', async () => {
    const dir = join(root, 'mask-bombs');
    const records = await makeRecords(3, 'validation');
    const zeros = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    records[0].mask = { bytes: handMadePng({ width: 20000, height: 20000, idat: zeros }), path: 'bomb.mask.png' };
    records[1].mask = { bytes: handMadePng({ width: records[1].width, height: records[1].height, idat: zeros }), path: 'liar.mask.png' };
    await writeDataset({ out: dir, splits: { validation: records } });
    const rss = process.memoryUsage().rss;
    const messages: string[] = [];
    for await (const s of loadSplit('validation', { source: dir })) {
      const error = await s.labelMap().then(() => undefined, (e) => e);
      if (error) {
        expectTyped(error, 'IMAGE_INVALID', [join(dir, SHARD), `record ${s.id}, mask`]);
        messages.push(error.message);
      }
    }
    expect(messages[0]).toMatch(/label map is 20000×20000, expected 16×12/);
    expect(messages[1]).toMatch(/image data inflates to more than the 216 bytes its 17×12 header allows/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
    expect((await validationProblems(dir)).join('\n')).toMatch(/record validation-0000: mask: is 20000×20000 but the record says 16×12/);
  });
});

/** `n` zero bytes, deflated without ever holding them (a 16383² image's stream is 268 MB). */
async function deflatedZeros(n: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = n; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

/** Runs a node child (tsx) with a V8 heap cap, sampling its resident memory; killed past `rssCap` or `deadlineMs`. */
function runCapped(params: { script: string; args: string[]; heapMb: number; rssCap: number; deadlineMs: number }): Promise<{ out: string; peakRss: number; killed: string | undefined }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${params.heapMb}`, '--import', 'tsx', params.script, ...params.args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peakRss = 0;
    let killed: string | undefined;
    child.stdout.on('data', (b: Buffer) => (out += b));
    const kill = (why: string) => {
      killed ??= why;
      child.kill('SIGKILL');
    };
    // Resident memory from /proc (Linux): what the machine pays, native buffers included.
    const sampler = setInterval(async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakRss = Math.max(peakRss, kb * 1024);
      if (peakRss > params.rssCap) kill(`resident memory ${(peakRss / 2 ** 30).toFixed(2)} GiB passed the cap`);
    }, 50);
    const deadline = setTimeout(() => kill(`still running after ${params.deadlineMs} ms`), params.deadlineMs);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(sampler);
      clearTimeout(deadline);
      resolve({ out, peakRss, killed });
    });
  });
}

describe('PNG decode memory is bounded in every path, metadata passes included', () => {
  it('a metadata pass over a zip of 32 pairs with 16383² interlaced masks (268 MB each decoded) reads every record in well under 1 GiB', async () => {
    const side = 16383;
    // Adam7 of a 16383² 8-bit grey image: each pass's rows with a filter byte each.
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
    const raw = passes.reduce((n, [x0, y0, dx, dy]) => n + Math.ceil((side - y0) / dy) * (Math.ceil((side - x0) / dx) + 1), 0);
    const mask = handMadePng({ width: side, height: side, interlace: 1, idat: await deflatedZeros(raw) });
    // The images are never decoded in a metadata pass: a header of the right size is enough.
    const image = handMadePng({ width: side, height: side, colorType: 2, idat: deflateSync(new Uint8Array(16)) });
    const files: Record<string, [Uint8Array, { level: 0 }]> = {};
    for (let i = 1; i <= 32; i++) {
      const id = String(i).padStart(8, '0');
      files[`train/${id}.image.png`] = [image, { level: 0 }];
      files[`train/${id}.mask.png`] = [mask, { level: 0 }];
    }
    const path = join(root, 'interlaced-16383.zip');
    await writeFile(path, zipSync(files));
    const script = fileURLToPath(new URL('./fixtures/metadata-pass.ts', import.meta.url));
    // 20 GB before; the masks' ids are now scanned as they inflate, a few rows at a time.
    const rssCap = 2 ** 30;
    const run = await runCapped({ script, args: [path], heapMb: 256, rssCap, deadlineMs: 170_000 });
    expect(run.killed, run.killed).toBeUndefined();
    const result = JSON.parse(run.out) as { ids: string[]; error?: { message: string }; maxRssBytes: number };
    expect(result.error, result.error?.message).toBeUndefined();
    expect(result.ids).toEqual(Array.from({ length: 32 }, (_, i) => `${String(i + 1).padStart(8, '0')}:`));
    console.log(`32 × ${side}² interlaced masks, metadata pass: peak RSS ${(Math.max(result.maxRssBytes, run.peakRss) / 2 ** 30).toFixed(2)} GiB`);
    expect(Math.max(result.maxRssBytes, run.peakRss)).toBeLessThan(rssCap);
  }, 240_000);
});

describe('label maps as users save them, through eval', () => {
  it('palette and 16-bit predictions of the ground truth score perfectly (not mIoU 0.000 with exit 0)', async () => {
    const dir = join(root, 'eval');
    const truth: { id: string; labels: Uint8Array; width: number; height: number }[] = [];
    for await (const s of loadSplit('validation', { source: 'samples', limit: 6 })) truth.push({ id: s.id, labels: await s.labelMap(), width: s.width, height: s.height });
    for (const [kind, write] of [
      ['palette', palettePng],
      ['uint16', (l: Uint8Array, w: number, h: number) => grey16Png(l, w, h)],
      ['uint16-scaled', (l: Uint8Array, w: number, h: number) => grey16Png(l, w, h, 257)],
    ] as const) {
      await mkdir(join(dir, kind), { recursive: true });
      for (const t of truth) await writeFile(join(dir, kind, `${t.id}.png`), write(t.labels, t.width, t.height));
      const io = memoryIo({ cwd: dir });
      expect(await runCli(['eval', '--data', 'samples', '--pred', kind, '--limit', '6', '--json', `${kind}.json`], io), io.err()).toBe(0);
      const report = JSON.parse(await readFile(join(dir, `${kind}.json`), 'utf8'));
      for (const task of ['binary', 'semantic']) expect(report.overall[task], `${kind} ${task}`).toMatchObject({ accuracy: 1, miou: 1, bf1: 1 });
    }
    // A colour-coded prediction (VOC colours as RGB) is refused, naming the file and why.
    const colour = join(dir, 'colour');
    await mkdir(colour);
    for (const t of truth) {
      const rgb = new Uint8Array(t.labels.length * 3);
      t.labels.forEach((l, i) => rgb.set([l * 30, l * 20, 255 - l * 10], i * 3));
      await writeFile(join(colour, `${t.id}.png`), await sharp(rgb, { raw: { width: t.width, height: t.height, channels: 3 } }).png().toBuffer());
    }
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['eval', '--data', 'samples', '--pred', 'colour', '--limit', '6'], io)).toBe(1);
    expect(io.err()).toMatch(/colour\/\S+\.png, image \S+: cannot decode: a colour image, not label ids: red, green and blue differ at x=\d+, y=\d+/);
    expect((await rejection(Promise.reject(new (await import('../../src/errors.js')).FormatError({ module: 'image', file: 'f', message: 'm', code: 'IMAGE_INVALID' })))).code).toBe('IMAGE_INVALID');
  });
});
