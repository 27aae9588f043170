/**
 * A saved LoaderState is data from disk: through loadSplit, planSplit and state(), every field out
 * of shape or out of bounds is a ResumeError naming the field, raised before the dataset is even
 * opened (the source here does not exist: reaching it would be a SourceError) — never a
 * RangeError, an exhausted heap, or a message that copies a huge value out.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, ResumeError, loadSplit, type LoaderState } from '../../../src/index.js';
import { LOADER_STATE_LIMITS, planSplit } from '../../../src/format/index.js';

const valid: LoaderState = {
  version: 1,
  split: 'train',
  revision: 'sha256:0123',
  filter: 'none',
  seed: 0,
  epoch: 0,
  shuffle: true,
  shuffleBuffer: 256,
  partition: 'pad',
  worldSize: 2,
  position: 3,
  history: [{ worldSize: 4, position: 1 }],
};
const nowhere = '/nonexistent/diffseg30k-dataset';

async function refusal(resume: unknown): Promise<ResumeError> {
  const options = { source: nowhere, rank: 0, worldSize: 1, resume: resume as LoaderState };
  const viaLoad = await loadSplit('train', options).next().then(() => undefined, (e: unknown) => e);
  const viaPlan = await planSplit('train', options).then(() => undefined, (e: unknown) => e);
  expect(viaLoad, `not a ResumeError: ${String(viaLoad)}`).toBeInstanceOf(ResumeError);
  expect((viaPlan as ResumeError).field).toBe((viaLoad as ResumeError).field);
  expect((viaLoad as Error).message.length).toBeLessThan(300);
  return viaLoad as ResumeError;
}

describe('a resume state is checked field by field before anything is allocated', () => {
  it('huge, negative, fractional, NaN and infinite numbers name their field', async () => {
    for (const [field, values] of [
      ['worldSize', [LOADER_STATE_LIMITS.worldSize + 1, 2 ** 40, 1e308, Infinity, NaN, 0, -1, 1.5, '4']],
      ['position', [LOADER_STATE_LIMITS.position + 1, 2 ** 53, -1, 0.5, NaN, null]],
      ['epoch', [-1, 2 ** 60, NaN]],
      ['seed', [Infinity, 0.1]],
      ['shuffleBuffer', [0, -5, NaN]],
    ] as const) {
      for (const value of values) {
        const error = await refusal({ ...valid, [field]: value });
        expect(error.field, `${field} = ${String(value)}`).toBe(field);
        expect(error.message).toMatch(new RegExp(`^loadSplit: resume: the state's ${field} must be an integer from -?\\d+ to \\d+, got `));
      }
    }
  });

  it('arrays of absurd length, bad segments, long strings and other types are refused without copying them out', async () => {
    expect((await refusal({ ...valid, history: new Array(50_000_000) })).field).toBe('history');
    expect((await refusal({ ...valid, history: new Array(LOADER_STATE_LIMITS.history + 1).fill({ worldSize: 2, position: 0 }) })).field).toBe('history');
    expect((await refusal({ ...valid, history: [{ worldSize: 2, position: 0 }, { worldSize: 2 ** 31, position: 0 }] })).field).toBe('history[1].worldSize');
    expect((await refusal({ ...valid, history: [{ worldSize: 2, position: -3 }] })).field).toBe('history[0].position');
    expect((await refusal({ ...valid, history: [7] })).field).toBe('history[0]');
    const long = await refusal({ ...valid, split: 'x'.repeat(10_000_000) });
    expect(long.field).toBe('split');
    expect(long.message).toBe(`loadSplit: resume: the state's split must be a string of 1 to ${LOADER_STATE_LIMITS.text} characters, got a string of 10000000 characters`);
    expect((await refusal({ ...valid, revision: 42 })).field).toBe('revision');
    expect((await refusal({ ...valid, version: 2 })).field).toBe('version');
    expect((await refusal({ ...valid, partition: 'even' })).field).toBe('partition');
    expect((await refusal({ ...valid, shuffle: 'yes' })).field).toBe('shuffle');
    for (const notAState of [null, 'state', 42, [valid]]) expect((await refusal(notAState)).field).toBe('state');
  });

  it('state() before the first sample gives the checked fields back, and nothing else the object carried', () => {
    const carried = { ...valid, extra: new Array(1000).fill('x') };
    const state = loadSplit('train', { source: nowhere, resume: carried }).state();
    expect(state).toEqual(valid);
    expect(() => loadSplit('train', { source: nowhere, resume: { ...valid, worldSize: 2 ** 50 } }).state()).toThrow(ResumeError);
  });

  it('a worldSize option past any real group is an ArgumentError, not an allocation', async () => {
    const error = await loadSplit('train', { source: nowhere, rank: 0, worldSize: 2 ** 40 }).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(`loadSplit: worldSize must be at most ${LOADER_STATE_LIMITS.worldSize}, got ${2 ** 40}`);
  });
});
