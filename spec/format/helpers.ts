/** Shared fixtures of the format specs: varied, valid records with real PNGs, and temp dirs. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
export { makeRecords, noisePng } from './make-records.js';

// One hook, registered when a spec file imports this module: a hook registered from inside a
// test (where tempDir is often called) is never run, and its folder would be left behind.
const made: string[] = [];
afterAll(() => Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/** A fresh temp dir, removed after the file's tests (wherever it is asked for). */
export async function tempDir(prefix = 'diffseg30k-format-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

