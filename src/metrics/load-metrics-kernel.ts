import { KERNEL_WASM_BASE64 } from './kernel-wasm.js';

/** The exports of the metrics wasm kernel (scripts/metrics-kernel.as.ts documents each). */
export interface MetricsKernel {
  memory: WebAssembly.Memory;
  prepare(width: number, height: number, k: number): number;
  pairsAddress(): number;
  outAddress(): number;
  presentAddress(): number;
  scan(width: number, height: number, k: number, ignore: number, voidToBackground: number): number;
  boundaries(width: number, height: number, k: number, davis: number, limit: number): void;
}

/**
 * How often the engine ran the kernel, and why not when it did not: read by the specs, so that
 * a kernel that silently stops being used (fails to compile, or every image falls back) fails
 * one. Internal.
 */
export const kernelUse = { images: 0, fallbacks: 0, error: undefined as unknown, /** Set by specs and the bench to run the JS path. */ off: false };

let kernel: MetricsKernel | undefined;
let started = false;

function bytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNEL_WASM_BASE64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function instantiate(module: WebAssembly.Module): MetricsKernel {
  return new WebAssembly.Instance(module, {}).exports as unknown as MetricsKernel;
}

/**
 * The kernel, once compiled; undefined until then, or where WebAssembly (with SIMD) is
 * unavailable — the caller then takes the JS path, with the same results. The first call starts
 * compiling: synchronously where that is allowed (Node, workers), else (a browser's main thread
 * refuses to compile large modules synchronously) asynchronously, the kernel appearing for a
 * later call. Internal to the typed-array engine.
 */
export function loadMetricsKernel(): MetricsKernel | undefined {
  if (kernelUse.off) return undefined;
  if (kernel !== undefined || started) return kernel;
  started = true;
  if (typeof WebAssembly !== 'object') return undefined;
  const code = bytes();
  try {
    kernel = instantiate(new WebAssembly.Module(code));
  } catch (syncError) {
    if (syncError instanceof WebAssembly.CompileError) {
      kernelUse.error = syncError; // no SIMD here: the JS path for good
      return undefined;
    }
    WebAssembly.compile(code).then(
      (module) => {
        kernel = instantiate(module);
      },
      (error: unknown) => {
        kernelUse.error = error;
      },
    );
  }
  return kernel;
}
