import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KERNEL_WASM_BASE64 } from '../../src/metrics/kernel-wasm.js';
import { kernelUse, loadMetricsKernel } from '../../src/metrics/load-metrics-kernel.js';

const run = promisify(execFile);

describe('kernel-wasm (the committed bytes of the metrics SIMD kernel)', () => {
  it('is what scripts/metrics-kernel.as.ts compiles to today (else: node scripts/build-metrics-kernel.mjs)', async () => {
    const before = readFileSync('src/metrics/kernel-wasm.ts', 'utf8');
    // --check compiles with AssemblyScript and compares, without writing.
    const { stdout } = await run(process.execPath, ['scripts/build-metrics-kernel.mjs', '--check']).catch((error: { stdout: string; code: number }) => {
      throw new Error(`stale kernel bytes (exit ${error.code}): ${error.stdout}`);
    });
    expect(stdout).toContain('up to date');
    expect(readFileSync('src/metrics/kernel-wasm.ts', 'utf8')).toBe(before);
  }, 120_000);

  it('is a valid wasm module that Node compiles synchronously at first use', () => {
    const bytes = Uint8Array.from(atob(KERNEL_WASM_BASE64), (c) => c.charCodeAt(0));
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const kernel = loadMetricsKernel();
    expect(kernel, `the kernel did not load: ${String(kernelUse.error)}`).toBeDefined();
    expect(typeof kernel?.scan).toBe('function');
    expect(typeof kernel?.boundaries).toBe('function');
  });
});
