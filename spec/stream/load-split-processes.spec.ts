/**
 * The loader across real processes: ranks in separate processes cover a split exactly once, the
 * shuffle is the same in every process, and a rank killed with SIGKILL right after saving its
 * state resumes — with the same or another world size — without losing or repeating a sample.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { LoadSplitOptions, LoaderState } from '../../src/index.js';
import { mulberry32 } from '../fixtures/mulberry32.js';

const worker = resolve(import.meta.dirname, 'fixtures', 'loader-worker.ts');
const root = resolve(import.meta.dirname, '..', '..');

interface Run {
  ids: string[];
  /** The last state printed (after the last sample in `ids`). */
  state: LoaderState | undefined;
}

/**
 * Runs one rank. With `killAfter`, SIGKILLs it as soon as it has printed that many states; with
 * `pauseAfter` it stops by itself and is killed then. Ids count only up to the last state read.
 */
function runRank(params: { options: LoadSplitOptions; env?: Record<string, string>; killAfter?: number; pauseAfter?: number }): Promise<Run> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify({ split: 'train', options: params.options, pauseAfter: params.pauseAfter })], {
    cwd: root,
    env: { ...process.env, RANK: '', WORLD_SIZE: '', ...params.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    const run: Run = { ids: [], state: undefined };
    let pending: string | undefined;
    let killed = false;
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (killed) return;
      if (line.startsWith('S ')) pending = line.slice(2);
      else if (line.startsWith('T ')) {
        run.ids.push(pending!);
        run.state = JSON.parse(line.slice(2));
        if (run.ids.length === params.killAfter) {
          killed = true;
          child.kill('SIGKILL');
        }
      } else if (line === 'P') {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolvePromise(run);
      else if (code === 0) resolvePromise(run);
      else reject(new Error(`rank exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

const TRAIN = 40; // records in the bundled train split
const shuffled = { source: 'samples', metadataOnly: true, shuffle: true, seed: 17, epoch: 3 } as const;

describe('loadSplit across processes', () => {
  it('4 ranks (RANK/WORLD_SIZE from the environment) cover the split exactly once; the shuffle is the same in every process', async () => {
    const ranks = await Promise.all([0, 1, 2, 3].map((rank) => runRank({ options: shuffled, env: { RANK: String(rank), WORLD_SIZE: '4' } })));
    expect(ranks.map((r) => r.ids.length)).toEqual([10, 10, 10, 10]);
    const all = ranks.flatMap((r) => r.ids);
    expect(new Set(all).size).toBe(TRAIN);
    const again = await runRank({ options: shuffled, env: { RANK: '2', WORLD_SIZE: '4' } });
    expect(again.ids).toEqual(ranks[2].ids);
    const otherEpoch = await runRank({ options: { ...shuffled, epoch: 4 }, env: { RANK: '2', WORLD_SIZE: '4' } });
    expect(otherEpoch.ids).not.toEqual(ranks[2].ids);
  }, 60_000);

  it('a rank SIGKILLed at a random point after saving its state resumes to exactly the uninterrupted sequence', async () => {
    const random = mulberry32(2024);
    const options = { ...shuffled, rank: 1, worldSize: 2, shuffleBuffer: 6 };
    const whole = await runRank({ options });
    expect(whole.ids).toHaveLength(20);
    const cuts = [1 + Math.floor(random() * 18), 1 + Math.floor(random() * 18)];
    for (const killAfter of cuts) {
      const first = await runRank({ options, killAfter });
      expect(first.ids).toHaveLength(killAfter);
      const second = await runRank({ options: { source: 'samples', metadataOnly: true, rank: 1, worldSize: 2, resume: first.state } });
      expect([...first.ids, ...second.ids]).toEqual(whole.ids);
    }
  }, 60_000);

  it('4 ranks killed after the same step resume as 3, then as 5: the rest of the epoch, every sample exactly once', async () => {
    // 40 records: 4 ranks × 2 = 8 done; 32 left over 3 ranks, 11 each (one padded repeat);
    // 3 × 4 = 12 more done; the 20 left (the repeat is not left to do) go 4 each to 5 ranks.
    const first = await Promise.all([0, 1, 2, 3].map((rank) => runRank({ options: { ...shuffled, rank, worldSize: 4 }, pauseAfter: 2 })));
    const states = first.map((r) => r.state!);
    expect(new Set(states.map((s) => JSON.stringify(s))).size).toBe(1); // lockstep: every rank's state is the same
    const second = await Promise.all([0, 1, 2].map((rank) => runRank({ options: { source: 'samples', metadataOnly: true, rank, worldSize: 3, resume: states[0] }, pauseAfter: 4 })));
    expect(second.every((r) => r.ids.length === 4)).toBe(true);
    const third = await Promise.all([0, 1, 2, 3, 4].map((rank) => runRank({ options: { source: 'samples', metadataOnly: true, rank, worldSize: 5, resume: second[0].state } })));
    expect(third.map((r) => r.ids.length)).toEqual([4, 4, 4, 4, 4]);
    const all = [...first, ...second, ...third].flatMap((r) => r.ids);
    expect(all).toHaveLength(TRAIN);
    expect(new Set(all).size).toBe(TRAIN);
    expect(third[0].state).toMatchObject({ worldSize: 5, position: 4, history: [{ worldSize: 4, position: 2 }, { worldSize: 3, position: 4 }] });
  }, 90_000);
});
