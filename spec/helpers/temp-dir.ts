/** Temp dirs for specs, removed after the spec file's tests wherever they were asked for. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// One hook, registered when a spec file imports this module: a hook registered from inside a
// test (where tempDir is often called) is never run, and its folder would be left behind.
const made: string[] = [];
afterAll(() => Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/** A fresh temp dir named `${prefix}XXXXXX`, removed after the file's tests. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
