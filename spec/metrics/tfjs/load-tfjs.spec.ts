import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DiffsegError } from '../../../src/errors.js';
import { loadTfjs } from '../../../src/metrics/tfjs/load-tfjs.js';
import type { TfModule } from '../../../src/metrics/tfjs/tf-module.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** A stand-in tfjs-core whose backend registry the spec controls. */
function fakeTf(registry: Record<string, unknown>): TfModule {
  return { tensor: () => undefined, engine: () => ({ registryFactory: registry }), ready: async () => undefined } as unknown as TfModule;
}

async function caught(promise: Promise<unknown>): Promise<DiffsegError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiffsegError);
  return error as DiffsegError;
}

describe('loadTfjs', () => {
  it('without tfjs-core installed: DEPENDENCY_MISSING telling what to npm i', async () => {
    const error = await caught(loadTfjs({ importModule: async (s) => Promise.reject(notFound(s)) }));
    expect(error.code).toBe('DEPENDENCY_MISSING');
    expect(error.message).toMatch(/^metrics: /);
    expect(error.message).toContain('@tensorflow/tfjs-core, which is not installed');
    expect(error.message).toContain('npm i @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu');
    expect((error.cause as Error).message).toContain('Cannot find package');
  });

  it('a tfjs-core that throws while loading: DEPENDENCY_MISSING "failed to load", cause kept', async () => {
    const boom = new SyntaxError('Unexpected token');
    const error = await caught(loadTfjs({ importModule: async () => Promise.reject(boom) }));
    expect(error.code).toBe('DEPENDENCY_MISSING');
    expect(error.message).toContain('failed to load');
    expect(error.cause).toBe(boom);
  });

  it('loads the cpu backend when tfjs-core has none registered', async () => {
    const registry: Record<string, unknown> = {};
    const imported: string[] = [];
    const core = fakeTf(registry);
    const got = await loadTfjs({
      importModule: async (s) => {
        imported.push(s);
        if (s === '@tensorflow/tfjs-backend-cpu') registry.cpu = {};
        // CommonJS namespace shape: the module sits on `default`.
        return s === '@tensorflow/tfjs-core' ? { default: core } : {};
      },
    });
    expect(got).toBe(core);
    expect(imported).toEqual(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu']);
  });

  it('no backend at all: DEPENDENCY_MISSING naming the cpu backend package', async () => {
    const error = await caught(
      loadTfjs({
        importModule: async (s) => (s === '@tensorflow/tfjs-core' ? fakeTf({}) : Promise.reject(notFound(s))),
      }),
    );
    expect(error.code).toBe('DEPENDENCY_MISSING');
    expect(error.message).toContain('@tensorflow/tfjs-backend-cpu, which is not installed');
  });

  it("uses the caller's module as is and imports nothing", async () => {
    const got = await loadTfjs({
      tf,
      importModule: async (s) => {
        throw new Error(`unexpected import of ${s}`);
      },
    });
    expect(got).toBe(tf);
  });

  it("a caller's module without any backend: DEPENDENCY_MISSING", async () => {
    const error = await caught(loadTfjs({ tf: fakeTf({}) }));
    expect(error.code).toBe('DEPENDENCY_MISSING');
    expect(error.message).toContain('no backend registered');
  });

  it('something that is not a tfjs module: ArgumentError', async () => {
    const error = await caught(loadTfjs({ tf: {} as TfModule }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('tf must be a @tensorflow/tfjs-core module');
  });

  it('by default imports the installed @tensorflow/tfjs-core (the same module instance)', async () => {
    expect(await loadTfjs()).toBe(tf);
  });
});

describe('importing diffseg30k', () => {
  it('never loads tfjs; only asking for the engine does (checked in a process where tfjs is unresolvable)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diffseg30k-no-tfjs-'));
    try {
      // A resolve hook that makes every @tensorflow/* import fail as if nothing were installed.
      const hook = join(dir, 'hook.mjs');
      await writeFile(
        hook,
        `export async function resolve(specifier, context, next) {
          if (specifier.startsWith('@tensorflow/')) {
            const e = new Error('Cannot find package ' + JSON.stringify(specifier) + ' (blocked by spec)');
            e.code = 'ERR_MODULE_NOT_FOUND';
            throw e;
          }
          return next(specifier, context);
        }\n`,
      );
      const register = join(dir, 'register.mjs');
      await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
      const url = (p: string): string => JSON.stringify(pathToFileURL(join(repo, p)).href);
      const script = join(dir, 'check.mjs');
      await writeFile(
        script,
        `await import(${url('src/index.ts')});
        await import(${url('src/metrics/tfjs/tfjs-image-stats.ts')});
        await import(${url('src/metrics/tfjs/use-backend.ts')});
        const { loadTfjs } = await import(${url('src/metrics/tfjs/load-tfjs.ts')});
        let outcome;
        try { await loadTfjs(); outcome = { loaded: true }; } catch (e) { outcome = { code: e.code, message: e.message }; }
        console.log(JSON.stringify(outcome));\n`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, script], {
        cwd: repo,
        timeout: 60_000,
      });
      // Getting here means the barrel and every tfjs-engine module imported without tfjs; the
      // control shows the hook really hides tfjs.
      const outcome = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { code?: string; message?: string };
      expect(outcome.code).toBe('DEPENDENCY_MISSING');
      expect(outcome.message).toContain('npm i @tensorflow/tfjs-core');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
