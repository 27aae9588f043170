import { DependencyError, DiffsegError } from '../../errors.js';
import { loadTfjs } from './load-tfjs.js';
import type { TfModule } from './tf-module.js';
import type { TfjsLike } from './tfjs-like.js';
import { checkParams } from '../../internal/check-params.js';

/** tfjs backends the metrics engine is tested on. */
export type TfjsBackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** Parameters of {@link useTfjsBackend}. */
export interface UseTfjsBackendParams {
  /** Backend to activate; its package `@tensorflow/tfjs-backend-<name>` is imported lazily. */
  backend: TfjsBackendName;
  /**
   * The tfjs-core module to switch. With a caller-supplied module the caller should have imported
   * the backend package against that same module; it is imported here anyway (a no-op then).
   * @default '@tensorflow/tfjs-core', imported lazily
   */
  tf?: TfjsLike;
  /**
   * wasm only: folder (or URL prefix) holding the `tfjs-backend-wasm*.wasm` files, passed to
   * `setWasmPaths`. Node finds them beside the package without it; browsers usually need it.
   */
  wasmPaths?: string;
  /**
   * How a package is imported: a test hook (a spec simulates a missing package), left out of the
   * published types.
   * @default `(specifier) => import(specifier)`
   * @internal
   */
  importModule?: (specifier: string) => Promise<unknown>;
}

const defaultImport = (specifier: string): Promise<unknown> => import(specifier);

/**
 * Makes `backend` the active tfjs backend for the tfjs metrics engine: imports
 * `@tensorflow/tfjs-backend-<backend>` lazily, calls `setBackend` and awaits `tf.ready()`.
 * Returns the tfjs module, ready to pass as `tf` (typed loosely so the package's declarations
 * never name tfjs; cast it to `typeof import('@tensorflow/tfjs-core')` to call tfjs on it).
 *
 * @throws {DiffsegError} code `'DEPENDENCY_MISSING'` when tfjs-core or the backend package is
 *   not installed, or the backend cannot initialize here (WebGL/WebGPU outside a browser).
 *
 * @example
 * ```ts
 * const tf = await useTfjsBackend({ backend: 'wasm' });
 * const stats = await tfjsImageStats({ tf, gt, pred, width, height, numClasses: 9, ignoreIndex: 255, tolerance: 5.43 });
 * ```
 */
export async function useTfjsBackend(params: UseTfjsBackendParams): Promise<TfjsLike> {
  checkParams('useTfjsBackend', params, ['backend', 'tf', 'wasmPaths', 'importModule']);
  const importModule = params.importModule ?? defaultImport;
  const tf: TfModule = await loadTfjs({ tf: params.tf as TfModule | undefined, importModule: params.importModule });
  const specifier = `@tensorflow/tfjs-backend-${params.backend}`;
  let backendModule: { setWasmPaths?: (prefix: string) => void };
  try {
    backendModule = (await importModule(specifier)) as typeof backendModule;
  } catch (error) {
    throw new DependencyError({ dependency: specifier, module: 'metrics', message: `tfjs backend ${params.backend} needs ${specifier}, which could not be loaded; install it with: npm i ${specifier}`, cause: error });
  }
  if (params.backend === 'wasm' && params.wasmPaths !== undefined) {
    const setWasmPaths = backendModule.setWasmPaths ?? (backendModule as { default?: typeof backendModule }).default?.setWasmPaths;
    setWasmPaths?.(params.wasmPaths);
  }
  let ok = false;
  let failure: unknown;
  try {
    ok = await tf.setBackend(params.backend);
  } catch (error) {
    failure = error;
  }
  if (!ok) {
    throw new DependencyError({ dependency: specifier, module: 'metrics', message: `tfjs backend ${params.backend} failed to initialize here${params.backend === 'webgl' || params.backend === 'webgpu' ? ' (it needs a browser with WebGL/WebGPU)' : ''}`, cause: failure });
  }
  await tf.ready();
  return tf;
}
