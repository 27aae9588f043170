import { ArgumentError, DependencyError, DiffsegError } from '../../errors.js';
import type { TfModule } from './tf-module.js';

/** Parameters of {@link loadTfjs}. */
export interface LoadTfjsParams {
  /**
   * A tfjs-core module the caller already holds (browser bundles, or tfjs-node-gpu which
   * re-exports tfjs-core). It is used as is and nothing is imported.
   * @default the '@tensorflow/tfjs-core' package, imported on first use
   */
  tf?: TfModule;
  /**
   * How a package is imported; injectable so a spec can simulate a missing package.
   * @default `(specifier) => import(specifier)`
   */
  importModule?: (specifier: string) => Promise<unknown>;
}

const INSTALL_HINT =
  'npm i @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu (or @tensorflow/tfjs-backend-wasm, -webgl, -webgpu)';

// The specifiers live in variables so bundlers leave the imports alone: tfjs is an optional peer
// dependency and a literal import() would make esbuild/vite fail the build where it is absent.
const CORE = '@tensorflow/tfjs-core';
const CPU_BACKEND = '@tensorflow/tfjs-backend-cpu';

const defaultImport = (specifier: string): Promise<unknown> => import(specifier);

let loaded: Promise<TfModule> | undefined;

/** True when an import failed because the package is not installed (Node, vite-node, bundlers). */
function isNotFound(error: unknown, specifier: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) return true;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return /cannot find|failed to (load|resolve)|not found/i.test(message) && message.includes(specifier);
}

async function importOrExplain(specifier: string, importModule: (s: string) => Promise<unknown>): Promise<unknown> {
  try {
    return await importModule(specifier);
  } catch (error) {
    const why = isNotFound(error, specifier) ? 'is not installed' : 'failed to load';
    throw new DependencyError({ dependency: specifier, module: 'metrics', message: `the tfjs engine needs ${specifier}, which ${why}; install it with: ${INSTALL_HINT}`, cause: error });
  }
}

function registeredBackends(tf: TfModule): string[] {
  return Object.keys(tf.engine().registryFactory);
}

async function importTfjs(importModule: (s: string) => Promise<unknown>): Promise<TfModule> {
  const imported = (await importOrExplain(CORE, importModule)) as TfModule & { default?: TfModule };
  // tfjs-core's Node entry is CommonJS: depending on the loader its namespace sits on `default`.
  const tf = typeof imported.tensor === 'function' ? imported : (imported.default as TfModule);
  // A bare tfjs-core has no kernels. The cpu backend is the one that works everywhere, so load it
  // when nothing else is registered rather than fail on the first op.
  if (registeredBackends(tf).length === 0) await importOrExplain(CPU_BACKEND, importModule);
  return tf;
}

/**
 * Returns a ready tfjs-core module for the tfjs metrics engine, loading '@tensorflow/tfjs-core'
 * lazily on first use (and '@tensorflow/tfjs-backend-cpu' when no backend is registered), so
 * importing diffseg30k never loads tfjs.
 *
 * @throws {DiffsegError} code `'DEPENDENCY_MISSING'` when tfjs-core (or, with none registered, a
 *   backend) is not installed; the message says what to `npm i`.
 * @throws {ArgumentError} when `tf` is not a tfjs-core module.
 *
 * @example
 * ```ts
 * const tf = await loadTfjs({});            // Node: imports @tensorflow/tfjs-core
 * const tf2 = await loadTfjs({ tf: myTf }); // browser bundle: use the caller's instance
 * ```
 */
export async function loadTfjs(params: LoadTfjsParams = {}): Promise<TfModule> {
  let tf: TfModule;
  if (params.tf) {
    tf = params.tf;
    if (typeof tf.engine !== 'function' || typeof tf.ready !== 'function') {
      throw new ArgumentError({ message: 'metrics: tf must be a @tensorflow/tfjs-core module (import * as tf from "@tensorflow/tfjs-core")' });
    }
    if (registeredBackends(tf).length === 0) {
      throw new DependencyError({ dependency: 'a tfjs backend', module: 'metrics', message: `the tfjs module passed in has no backend registered; import one, e.g. ${INSTALL_HINT}` });
    }
  } else if (params.importModule) {
    tf = await importTfjs(params.importModule);
  } else {
    // Cache only the default path; a failed load is not cached so installing later works.
    loaded ??= importTfjs(defaultImport).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    tf = await loaded;
  }
  await tf.ready();
  return tf;
}
