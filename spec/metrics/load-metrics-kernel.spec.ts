import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { KernelPageReport } from './browser/kernel-page.js';
import { kernelUse, loadMetricsKernel } from '../../src/metrics/load-metrics-kernel.js';
import { openChromium } from './tfjs/browser/launch.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Runs browser/kernel-page.ts in a fresh headless Chromium page (the npm one; a failure to start fails the spec). */
async function inChromium(refuseSync: boolean): Promise<KernelPageReport> {
  const bundle = await build({ entryPoints: [join(here, 'browser', 'kernel-page.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  const browser = await openChromium('kernel spec');
  try {
    const errors: string[] = [];
    browser.page.on('pageerror', (e) => errors.push(String(e)));
    await browser.page.goto('about:blank');
    await browser.page.addScriptTag({ content: bundle.outputFiles[0].text, type: 'module' });
    await browser.page.waitForFunction(() => typeof (globalThis as { runKernelPage?: unknown }).runKernelPage === 'function', undefined, { timeout: 30_000 });
    const report = await browser.page.evaluate((refuse) => (globalThis as unknown as { runKernelPage: (r: boolean) => Promise<KernelPageReport> }).runKernelPage(refuse), refuseSync);
    expect(errors).toEqual([]);
    return report;
  } finally {
    await browser.close();
  }
}

describe('loadMetricsKernel', () => {
  it('compiles the kernel synchronously in Node, and `off` sends jsImageStats to the JS path', () => {
    expect(loadMetricsKernel(), String(kernelUse.error)).toBeDefined();
    kernelUse.off = true;
    try {
      expect(loadMetricsKernel()).toBeUndefined();
    } finally {
      kernelUse.off = false;
    }
    expect(loadMetricsKernel()).toBeDefined();
  });

  it('loads in Chromium at first use and counts as the JS path does', async () => {
    const report = await inChromium(false);
    expect(report.error).toBeNull();
    expect(report.readyAtFirst, 'a 3 KB module compiles synchronously on the main thread').toBe(true);
    expect(report.imagesOnKernel).toBe(2);
    for (const r of report.results) expect(r.kernel, r.name).toEqual(r.js);
    expect(report.firstImageEqual).toBe(true);
  }, 120_000);

  it('compiles asynchronously where the main thread refuses a synchronous compile, counting on the JS path until then', async () => {
    const report = await inChromium(true);
    expect(report.error).toBeNull();
    expect(report.readyAtFirst, 'the first image went to the JS path').toBe(false);
    expect(report.imagesOnKernel, 'later images ran on the kernel').toBe(2);
    for (const r of report.results) expect(r.kernel, r.name).toEqual(r.js);
    expect(report.firstImageEqual, 'the JS path counted the first image the same').toBe(true);
    console.info(`kernel spec: the asynchronous compile took ${report.waitedMs.toFixed(0)} ms`);
  }, 120_000);
});
