import { inflate } from 'node:zlib';
import { type StoredPixels, finishPlainPng, inflateOptions, planPlainPng } from './plain-png.js';

/**
 * {@link decodePngSync}, with the inflating — most of a photograph's decode — done on libuv's
 * thread pool: the calling thread only reads the chunks and undoes the filters, so several
 * decodes under way (a loader's prefetch) inflate on every core while that thread reads, parses
 * and hands out samples. The same pixels, and `undefined` for the same files.
 */
export function decodePngAsync(bytes: Uint8Array, maxPixels: number): Promise<StoredPixels | undefined> {
  const plan = planPlainPng(bytes, maxPixels);
  if (!plan) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    inflate(plan.stream, inflateOptions(plan), (error, raw) => {
      plan.release();
      resolve(error ? undefined : finishPlainPng(raw, plan));
    });
  });
}
