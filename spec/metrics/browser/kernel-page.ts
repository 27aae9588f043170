/*
 * Bundled by spec/metrics/load-metrics-kernel.spec.ts and run in headless Chromium: the
 * typed-array engine in a browser's main thread, where the wasm kernel loads at first use and
 * (when a synchronous compile is refused, as Chrome refuses modules over 4 KB) asynchronously.
 */
import type { BoundaryConvention, ImageStats } from '../../../src/metrics/image-stats.js';
import { jsImageStats } from '../../../src/metrics/js-image-stats.js';
import { kernelUse, loadMetricsKernel } from '../../../src/metrics/load-metrics-kernel.js';
import { blobs, perturb, rng } from '../metrics-fixtures.js';

export interface KernelPageReport {
  /** Whether the kernel was there for the first image (false: the JS path counted it). */
  readyAtFirst: boolean;
  /** Milliseconds until the kernel was there (0 when at once). */
  waitedMs: number;
  /** Per image and convention: counts through the kernel, and with it switched off. */
  results: { name: string; kernel: unknown; js: unknown }[];
  firstImageEqual: boolean;
  imagesOnKernel: number;
  error: string | null;
}

const plain = (s: ImageStats) => ({ confusion: Array.from(s.confusion), boundary: s.boundary });

async function runKernelPage(refuseSync: boolean): Promise<KernelPageReport> {
  const RealModule = WebAssembly.Module;
  if (refuseSync) {
    // What Chrome's main thread does with a module over 4 KB: a RangeError, compile() still allowed.
    (WebAssembly as { Module: unknown }).Module = function refused() {
      throw new RangeError('WebAssembly.Module is disallowed on the main thread, if the buffer size is larger than 4KB. Use WebAssembly.compile.');
    };
  }
  const rand = rng(7);
  const width = 256;
  const height = 200;
  const gt = blobs(width, height, 6, 5, rand);
  for (let i = 0; i < 2000; i++) gt[Math.floor(rand() * gt.length)] = 255;
  const pred = perturb(gt, width, height, 6, rand, 3, 0.05);
  const params = (boundary: BoundaryConvention) => ({ gt, pred, width, height, numClasses: 6, ignoreIndex: 255, boundary });
  const before = kernelUse.images;
  const first = plain(jsImageStats(params('davis')));
  const readyAtFirst = kernelUse.images > before;
  (WebAssembly as { Module: unknown }).Module = RealModule;
  const start = performance.now();
  while (loadMetricsKernel() === undefined && kernelUse.error === undefined && performance.now() - start < 20_000) await new Promise((r) => setTimeout(r, 10));
  const waitedMs = readyAtFirst ? 0 : performance.now() - start;
  const results: KernelPageReport['results'] = [];
  const onKernel = kernelUse.images;
  for (const boundary of ['bfscore', 'davis'] as BoundaryConvention[]) {
    const kernel = plain(jsImageStats(params(boundary)));
    kernelUse.off = true;
    const js = plain(jsImageStats(params(boundary)));
    kernelUse.off = false;
    results.push({ name: boundary, kernel, js });
  }
  return {
    readyAtFirst,
    waitedMs,
    results,
    firstImageEqual: JSON.stringify(first) === JSON.stringify(results[1].js),
    imagesOnKernel: kernelUse.images - onKernel,
    error: kernelUse.error === undefined ? null : String(kernelUse.error),
  };
}

(globalThis as { runKernelPage?: typeof runKernelPage }).runKernelPage = runKernelPage;
