import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DiffsegError } from '../../../src/errors.js';
import { useTfjsBackend } from '../../../src/metrics/tfjs/use-backend.js';

describe('useTfjsBackend', () => {
  it('activates cpu and then wasm (Node finds the .wasm files beside the package)', async () => {
    expect((await useTfjsBackend({ backend: 'cpu' })).getBackend()).toBe('cpu');
    const module = await useTfjsBackend({ backend: 'wasm' });
    expect(module).toBe(tf);
    expect(tf.getBackend()).toBe('wasm');
    const sum = tf.sum(tf.tensor1d([1, 2, 3]));
    expect(Array.from(await sum.data())).toEqual([6]);
    sum.dispose();
  });

  it('a backend package that is not installed: DEPENDENCY_MISSING naming it', async () => {
    const error = await useTfjsBackend({
      backend: 'webgpu',
      tf,
      importModule: async (s) =>
        Promise.reject(Object.assign(new Error(`Cannot find package '${s}'`), { code: 'ERR_MODULE_NOT_FOUND' })),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiffsegError);
    expect((error as DiffsegError).code).toBe('DEPENDENCY_MISSING');
    expect((error as DiffsegError).message).toContain('npm i @tensorflow/tfjs-backend-webgpu');
  });

  it('WebGL outside a browser: DEPENDENCY_MISSING "failed to initialize", previous backend kept', async () => {
    await useTfjsBackend({ backend: 'cpu' });
    const error = await useTfjsBackend({ backend: 'webgl' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiffsegError);
    expect((error as DiffsegError).code).toBe('DEPENDENCY_MISSING');
    expect((error as DiffsegError).message).toContain('tfjs backend webgl failed to initialize');
    expect(tf.getBackend()).toBe('cpu');
  });
});
