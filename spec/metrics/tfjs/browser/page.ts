/*
 * Test page bundled by browser.spec.ts with esbuild and run in headless Chromium: runs the tfjs
 * engine on WebGL or WebGPU over the shared cases and returns plain results; the spec compares
 * them in Node with the brute-force oracle and the typed-array engine.
 * `half` turns off WebGL float32 render targets before the backend starts (half-float mode), so
 * it must be the first run in a fresh page.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { jsImageStats } from '../../../../src/metrics/js-image-stats.js';
import { tfjsImageStats } from '../../../../src/metrics/tfjs/tfjs-image-stats.js';
import { bigCases, paramsOf, jsParamsOf, runsBlocked, selectCases } from '../cases.js';
import { plainStats } from '../reference.js';
import type { BackendReport, RunParams } from './report.js';

async function runBackend(params: RunParams): Promise<BackendReport> {
  const { backend, lite, blocked, half, shapeUniforms } = params;
  if (half) tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
  // A user may turn WEBGL_USE_SHAPES_UNIFORMS on (it saves shader compiles); with it on, tfjs
  // 4.22 WebGL returned wrong boundary counts for 160×120 maps after smaller maps had run, so
  // the engine turns it off around its own ops. The float32 run checks that with the flag on.
  if (shapeUniforms) tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  let ok = false;
  let reason = '';
  try {
    ok = await tf.setBackend(backend);
  } catch (error) {
    reason = String(error);
  }
  if (!ok || tf.getBackend() !== backend) {
    return { backend, ran: false, reason: reason || `setBackend('${backend}') returned false`, results: [], big: [] };
  }
  await tf.ready();
  const started = performance.now();
  const before = tf.memory().numTensors;
  const report: BackendReport = { backend, ran: true, reason: '', results: [], big: [] };
  for (const [i, c] of selectCases({ lite }).entries()) {
    report.results.push({
      name: c.name,
      tfjs: plainStats(await tfjsImageStats({ ...paramsOf(c), tf })),
      // Tiny blocks force the padded, blocked sums that images over 2^24 pixels take.
      blocked: runsBlocked(i, { blocked }) ? plainStats(await tfjsImageStats({ ...paramsOf(c), tf, blockPixels: 61 })) : null,
    });
  }
  for (const c of bigCases({ lite })) {
    report.big.push({ name: c.name, tfjs: plainStats(await tfjsImageStats({ ...paramsOf(c), tf })), js: plainStats(jsImageStats(jsParamsOf(c))) });
  }
  report.tensorsBefore = before;
  report.tensorsAfter = tf.memory().numTensors;
  report.ms = Math.round(performance.now() - started);
  report.float32 = backend === 'webgl' ? tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') : true;
  // The engine restores the caller's flag.
  report.shapeUniforms = backend === 'webgl' ? tf.env().getBool('WEBGL_USE_SHAPES_UNIFORMS') : false;
  // Control for half-float mode: a plain float sum of 4097 ones cannot be exact in float16.
  const ones = tf.ones([4097]);
  const plainSum = tf.sum(ones);
  report.plainSumOf4097Ones = (await plainSum.data())[0];
  tf.dispose([ones, plainSum]);
  return report;
}

(globalThis as { runBackend?: typeof runBackend }).runBackend = runBackend;
