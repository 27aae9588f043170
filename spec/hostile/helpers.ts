/**
 * Shared machinery of the hostile suite: a small real dataset to corrupt, a way to prove an input
 * unchanged, and the three passes every hostile input goes through (a full loadSplit that decodes
 * every pixel, a metadata-only loadSplit, validateDataset).
 */
import { createHash } from 'node:crypto';
import { cp, lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { DiffsegError, type DiffsegErrorCode } from '../../src/errors.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { validateDataset } from '../../src/validate/validate-dataset.js';
import { makeRecords } from '../format/make-records.js';
import { tempDir as sharedTempDir } from '../helpers/temp-dir.js';

/** A fresh temp dir, removed after the file's tests (wherever it is asked for). */
export function tempDir(prefix = 'diffseg30k-hostile-'): Promise<string> {
  return sharedTempDir(prefix);
}

/** A valid dataset: one `validation` shard of 7 records in row groups of 3. */
export async function makeDataset(dir: string): Promise<{ dir: string; shard: string }> {
  await writeDataset({ out: dir, splits: { validation: await makeRecords(7, 'validation') }, rowGroupRows: 3 });
  return { dir, shard: join(dir, 'data', 'validation-00000-of-00001.parquet') };
}

/** A copy of a dataset folder to corrupt. */
export async function copyOf(from: string, to: string): Promise<string> {
  await cp(from, to, { recursive: true });
  return to;
}

/** Every entry below `dir` (hidden ones and links included) with the hash of its bytes. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    const info = await lstat(path);
    out[relative(dir, path)] = info.isSymbolicLink()
      ? `link → ${await readlink(path)}`
      : info.isFile()
        ? createHash('sha256').update(await readFile(path)).digest('hex')
        : info.isFIFO()
          ? 'fifo'
          : 'dir';
  }
  return out;
}

/** The error a promise rejects with (fails the spec when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<DiffsegError> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome, 'expected a rejection').toBeDefined();
  expect(outcome, `not a DiffsegError: ${(outcome as Error)?.stack ?? String(outcome)}`).toBeInstanceOf(DiffsegError);
  return outcome as DiffsegError;
}

/** A typed error with this code whose message names every one of `mentions`. */
export function expectTyped(error: DiffsegError, code: DiffsegErrorCode, mentions: (string | RegExp)[]): void {
  expect(error.code, error.message).toBe(code);
  for (const m of mentions) {
    if (typeof m === 'string') expect(error.message).toContain(m);
    else expect(error.message).toMatch(m);
  }
}

/** Streams a split as a trainer would: every image and label map decoded. */
export async function fullPass(source: string, split = 'validation'): Promise<number> {
  let n = 0;
  for await (const s of loadSplit(split, { source })) {
    await s.image();
    await s.labelMap();
    n++;
  }
  return n;
}

/** Streams a split metadata-only, label maps composed from the turns. */
export async function metadataPass(source: string, split = 'validation'): Promise<number> {
  let n = 0;
  for await (const s of loadSplit(split, { source, metadataOnly: true })) {
    await s.labelMap();
    n++;
  }
  return n;
}

/** validateDataset's problems, as one line each. */
export async function validationProblems(source: string): Promise<string[]> {
  const report = await validateDataset({ source });
  return report.problems.map((p) => `${p.file}${p.rowGroup !== undefined ? `, row group ${p.rowGroup}` : ''}${p.row !== undefined ? `, row ${p.row}` : ''}${p.id ? `, record ${p.id}` : ''}: ${p.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}
