/**
 * The public verbs called the way a hurried user (or a JavaScript caller without types) calls
 * them: null or missing params, wrong types, positional arguments. Each must be a typed
 * ArgumentError naming the verb — never a TypeError from deep inside.
 */
import { describe, expect, it } from 'vitest';
import * as format from '../../src/format/index.js';
import * as api from '../../src/index.js';
import * as mask from '../../src/mask/index.js';
import * as stats from '../../src/stats/index.js';
import { rejection } from './helpers.js';

/** Calls `fn` and returns what it threw or rejected with (sync or async). */
async function failureOf(fn: () => unknown): Promise<unknown> {
  try {
    const out = fn();
    if (out && typeof (out as AsyncIterator<unknown>).next === 'function' && typeof (out as Promise<unknown>).then !== 'function') {
      await (out as AsyncIterator<unknown>).next();
      return undefined;
    }
    await out;
    return undefined;
  } catch (error) {
    return error;
  }
}

// The verbs of every entry point the calls below use, by name.
const anyApi = { ...api, ...format, ...mask, ...stats } as unknown as Record<string, (...args: unknown[]) => unknown>;

const calls: [string, () => unknown, RegExp][] = [
  ['loadSplit with a number for a source', () => anyApi.loadSplit('validation', { source: 42 }), /source: must be a string .* got number/],
  ['loadSplit with a null source', () => anyApi.loadSplit('validation', { source: null }), /source: must be a string .* got null/],
  ['loadSplit with a number for the split', () => anyApi.loadSplit(3, { source: 'samples' }), /loadSplit: split must be a non-empty string/],
  ['loadSplit with a negative limit', () => anyApi.loadSplit('validation', { source: 'samples', limit: -1 }), /limit must be a non-negative integer/],
  ['openDataset with an empty source', () => anyApi.openDataset({ source: '' }), /source: empty/],
  ['openDataset with an object that is no source', () => anyApi.openDataset({ source: { listFiles: 1 } }), /source: must be a string .* got object/],
  ['describeDataset with a number', () => anyApi.describeDataset({ source: 7 }), /got number/],
  ['validateDataset with a boolean source', () => anyApi.validateDataset({ source: true }), /got boolean/],
  ['writeDataset with null', () => anyApi.writeDataset(null), /writeDataset/],
  ['writeDataset without splits', () => anyApi.writeDataset({ out: '/tmp/x-never-written' }), /writeDataset/],
  ['writeDataset with a number for out', () => anyApi.writeDataset({ out: 5, splits: { train: [] } }), /writeDataset: out must be the path of a folder/],
  ['decodeRle with null', () => anyApi.decodeRle(null), /rle: expected an object/],
  ['composeLabelMap positional', () => anyApi.composeLabelMap([], 2, 3), /composeLabelMap: takes one params object/],
  ['encodeRle with null', () => anyApi.encodeRle(null), /encodeRle: takes one params object/],
];

describe('misuse of the public verbs', () => {
  for (const [name, call, message] of calls) {
    it(`${name}: a typed DiffsegError naming the mistake`, async () => {
      const error = await failureOf(call);
      expect(error, `${name}: nothing thrown`).toBeDefined();
      expect(error, `${name}: ${(error as Error)?.stack}`).toBeInstanceOf(api.DiffsegError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('null options mean the defaults, as {} does (the default dataset from DIFFSEG30K_SOURCE here), never a TypeError', async () => {
    const saved = process.env.DIFFSEG30K_SOURCE;
    process.env.DIFFSEG30K_SOURCE = 'samples';
    try {
      let n = 0;
      for await (const _ of anyApi.loadSplit('validation', null) as AsyncIterable<unknown>) n++;
      expect(n).toBe(16);
      expect((await (anyApi.openDataset(null) as Promise<format.Dataset>)).source.name).toBe('samples');
    } finally {
      if (saved === undefined) delete process.env.DIFFSEG30K_SOURCE;
      else process.env.DIFFSEG30K_SOURCE = saved;
    }
  });

  it('validateRecord never throws, whatever it is given', async () => {
    for (const record of [null, undefined, 42, 'x', [], {}, { id: 5 }, { image: null, mask: 3 }]) {
      const report = await api.validateRecord({ record });
      expect(report.ok).toBe(false);
    }
    expect((await rejection(Promise.resolve().then(() => api.validateRecord(null as never)))).code).toBe('INVALID_ARGUMENT');
  });
});
