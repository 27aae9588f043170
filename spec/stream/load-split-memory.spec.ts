/**
 * Peak memory of a read is bounded by `prefetch` × the size of a decoded sample, not by
 * `prefetch` alone: a large prefetch of tiny images stays small, a small prefetch of big images
 * stays within a few samples. Live memory is measured after a full garbage collection at every
 * sample, so the numbers are what the loader holds, not garbage yet to be collected.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSplit, writeDataset } from '../../src/index.js';
import { makeRecord } from '../fixtures/make-record.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-memory-'));
  const big = await Promise.all(Array.from({ length: 12 }, (_, i) => makeRecord({ id: `big-${i}`, width: 1024, height: 1024, split: 'train' })));
  await writeDataset({ out: join(dir, 'big'), splits: { train: big }, rowGroupRows: 2 });
  const tiny = await Promise.all(Array.from({ length: 300 }, (_, i) => makeRecord({ id: `tiny-${i}`, width: 16, height: 12, split: 'train' })));
  await writeDataset({ out: join(dir, 'tiny'), splits: { train: tiny }, rowGroupRows: 50 });
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live ArrayBuffer bytes: collected twice around a pause, as V8 frees array buffers on a background sweeper. */
async function live(): Promise<number> {
  gc();
  await sleep(30);
  gc();
  return process.memoryUsage().arrayBuffers;
}

/** Most bytes of ArrayBuffers held above the start, at every `every`-th sample, with `prefetch`; the consumer keeps the sample in hand. */
async function peak(name: string, prefetch: number, every = 1): Promise<{ peak: number; sampleBytes: number }> {
  const start = await live();
  let most = 0;
  let sampleBytes = 0;
  let i = 0;
  for await (const s of loadSplit('train', { source: join(dir, name), rank: 0, worldSize: 1, prefetch })) {
    const image = await s.image();
    const labels = await s.labelMap();
    if (i++ % every === 0) most = Math.max(most, (await live()) - start);
    sampleBytes = image.data.length + labels.length; // used after measuring: the sample in hand stays alive
  }
  return { peak: most, sampleBytes };
}

describe('loadSplit memory', () => {
  it('a small prefetch of big images holds a few decoded samples, a large prefetch of tiny ones next to nothing', async () => {
    const MB = 1_000_000;
    const big = await peak('big', 1);
    expect(big.sampleBytes).toBe(1024 * 1024 * 4); // RGB + label map
    // The sample in hand and the one decoded ahead (plus encoded row groups, a few tens of KB):
    // far from the 12 × 4 MiB that decoding everything ahead would hold.
    expect(big.peak).toBeGreaterThan(1.5 * big.sampleBytes);
    expect(big.peak).toBeLessThan(2 * big.sampleBytes + MB);

    const bigMore = await peak('big', 6);
    // Each step of prefetch costs one decoded sample.
    expect(bigMore.peak).toBeGreaterThan(6.5 * big.sampleBytes);
    expect(bigMore.peak).toBeLessThan(7 * big.sampleBytes + MB);

    const tiny = await peak('tiny', 64, 10);
    expect(tiny.sampleBytes).toBe(16 * 12 * 4);
    // 65 decoded tiny samples are ~50 KB; the rest is encoded row groups read ahead.
    expect(tiny.peak).toBeLessThan(MB);
    expect(tiny.peak).toBeLessThan(big.peak / 8);
  }, 120_000);
});
