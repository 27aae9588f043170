import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium, type ChromiumBinary } from './browser/launch.js';
import type { BackendReport, RunParams } from './browser/report.js';
import { bigCases, paramsOf, jsParamsOf, runsBlocked, selectCases } from './cases.js';
import { jsImageStats } from '../../../src/metrics/js-image-stats.js';
import { plainStats, referenceImageStats } from './reference.js';

/*
 * Runs the tfjs engine in headless Chromium on WebGL and WebGPU and compares every result with the
 * brute-force oracle and the typed-array engine. The Chromium comes with `npm ci` (see
 * browser/launch.ts); one that is missing or does not start is a failure, never a skip.
 */

// SwiftShader compiles a shader per op and image size; on a loaded 2-core machine one backend's
// run has taken 55 s. A generous guard, not a timing assertion.
const BROWSER_TIMEOUT = 240_000;
const here = dirname(fileURLToPath(import.meta.url));

let server: Server | undefined;
let browser: ChromiumBinary | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let origin = '';

// Set-up failures are rethrown by every test, so a missing or broken Chromium shows as failed
// tests (with the reason), never as skipped ones.
let setupError: unknown;

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
});

async function setUp(): Promise<void> {
  browser = await findChromium();
  const bundle = await build({
    entryPoints: [join(here, 'browser', 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0].contents;
  const html = '<!doctype html><meta charset="utf-8"><title>tfjs metrics</title><script type="module" src="/page.js"></script>';
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = await mkdtemp(join(tmpdir(), 'diffseg30k-chromium-'));
  context = await launchChromium(browser, profile);
  console.info(`browser spec: launched ${browser.label}`);
}

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (profile) await rm(profile, { recursive: true, force: true });
});

async function runInPage(params: RunParams): Promise<BackendReport> {
  if (setupError) throw setupError;
  const page: Page = await context!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof (globalThis as { runBackend?: unknown }).runBackend === 'function', undefined, {
      timeout: 30_000,
    });
    return await page.evaluate(
      (run) => (globalThis as unknown as { runBackend: (p: RunParams) => Promise<BackendReport> }).runBackend(run),
      params,
    );
  } catch (error) {
    throw new Error(`browser spec: page failed on ${params.backend}${errors.length ? `: ${errors.join('; ')}` : ''}`, { cause: error });
  } finally {
    await page.close();
  }
}

/** Asserts one backend's report against the oracle (small cases) and the typed-array engine (big). */
function expectExact(report: BackendReport, run: RunParams): void {
  const { lite } = run;
  const cases = selectCases({ lite });
  expect(report.results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
  cases.forEach((c, i) => {
    const expected = plainStats(referenceImageStats(paramsOf(c)));
    expect(report.results[i].tfjs, `${report.backend}: ${c.name}`).toEqual(expected);
    expect(report.results[i].blocked, `${report.backend}, blocked sums: ${c.name}`).toEqual(runsBlocked(i, run) ? expected : null);
    expect(plainStats(jsImageStats(jsParamsOf(c))), `typed-array engine: ${c.name}`).toEqual(expected);
  });
  const big = bigCases({ lite });
  expect(report.big.map((r) => r.name)).toEqual(big.map((c) => c.name));
  big.forEach((c, i) => {
    const expected = plainStats(jsImageStats(jsParamsOf(c)));
    expect(report.big[i].tfjs, `${report.backend}: ${c.name}`).toEqual(expected);
    // The typed-array engine inside the browser agrees with itself in Node.
    expect(report.big[i].js, `typed-array engine in the browser: ${c.name}`).toEqual(expected);
  });
  expect(report.tensorsAfter, `${report.backend}: tensors leaked`).toBe(report.tensorsBefore);
}

describe('tfjs engine in headless Chromium', () => {
  it('is exact on WebGL (float32 textures), every shared case, even with WEBGL_USE_SHAPES_UNIFORMS on', async () => {
    const run: RunParams = { backend: 'webgl', lite: false, blocked: true, half: false, shapeUniforms: true };
    const report = await runInPage(run);
    expect(report.ran, `WebGL must initialize in Chromium: ${report.reason}`).toBe(true);
    expect(report.float32).toBe(true);
    expect(report.shapeUniforms, "the caller's WebGL flag is restored").toBe(true);
    expectExact(report, run);
    const calls = report.results.length + report.results.filter((r) => r.blocked).length + report.big.length;
    console.info(`browser spec: WebGL ran ${calls} engine calls in ${report.ms} ms`);
  }, BROWSER_TIMEOUT);

  it('is exact on WebGL with half-float textures (counts summed in blocks of 2048)', async () => {
    const run: RunParams = { backend: 'webgl', lite: true, blocked: false, half: true, shapeUniforms: false };
    const report = await runInPage(run);
    expect(report.ran, `WebGL must initialize in Chromium: ${report.reason}`).toBe(true);
    expect(report.float32).toBe(false);
    // Control: half floats are really in use, so a count above 2048 summed in one go would be off.
    expect(report.plainSumOf4097Ones).not.toBe(4097);
    expectExact(report, run);
    console.info(`browser spec: WebGL half-float ran ${report.results.length + report.big.length} engine calls in ${report.ms} ms`);
  }, BROWSER_TIMEOUT);

  it('is exact on WebGPU (required of the npm Chromium; reported when a CHROMIUM_PATH browser has no adapter)', async () => {
    // Every shared case (WebGPU is where tfjs's bool-cast bug showed), without the block reruns.
    const run: RunParams = { backend: 'webgpu', lite: false, blocked: false, half: false, shapeUniforms: false };
    const report = await runInPage(run);
    // The npm Chromium brings its own SwiftShader adapter, so WebGPU not starting there is a bug.
    if (browser!.bundled) expect(report.ran, `WebGPU must initialize in ${browser!.label}: ${report.reason}`).toBe(true);
    if (!report.ran) {
      // Another browser's WebGPU depends on the machine's GPU stack: say so in the output.
      console.info(`browser spec: WebGPU did not initialize in ${browser!.label} (${report.reason}); only WebGL ran`);
      expect(report.results).toEqual([]);
      return;
    }
    expectExact(report, run);
    console.info(`browser spec: WebGPU ran ${report.results.length + report.big.length} engine calls in ${report.ms} ms`);
  }, BROWSER_TIMEOUT);
});
