/** Shared fixtures of the format specs: varied, valid records with real PNGs, and temp dirs. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
export { makeRecords, noisePng } from './make-records.js';

/** A fresh temp dir, removed after the file's tests. */
export async function tempDir(prefix = 'diffseg30k-format-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

