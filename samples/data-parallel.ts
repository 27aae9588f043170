/**
 * Data-parallel training input: N processes, one per rank, each reading its own share of a
 * shuffled epoch; interrupted after a checkpoint, then resumed from the saved state by another
 * number of processes, which finish the epoch — every sample exactly once.
 *
 * Run: npx tsx samples/data-parallel.ts [dataset dir | samples]
 *
 * The script is its own launcher (as torchrun would be): without RANK in the environment it
 * starts the ranks as child processes with RANK and WORLD_SIZE set, which `loadSplit` reads.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoaderState, loadSplit, toBatches } from 'diffseg30k';

const source = process.argv[2] ?? 'samples';
const BATCH = 2;

if (process.env.RANK === undefined) await launch();
else await rank();

/** One rank: read its share, "train" on batches, checkpoint, stop when told to. */
async function rank(): Promise<void> {
  const checkpoint = process.env.CHECKPOINT!;
  const stopAfter = Number(process.env.STOP_AFTER_STEPS ?? Infinity);
  const saved = process.env.RESUME ? (JSON.parse(await readFile(checkpoint, 'utf8')) as LoaderState) : undefined;
  // RANK and WORLD_SIZE come from the environment; shuffle, seed and epoch from the options
  // (or, when resuming, from the saved state).
  const samples = loadSplit('train', { source, shuffle: true, seed: 42, epoch: 0, resume: saved });
  let steps = 0;
  for await (const batch of toBatches(samples, { batchSize: BATCH, size: 64, normalize: 'imagenet' })) {
    // A real trainer runs forward/backward here; every rank steps in lockstep.
    process.stdout.write(`ids ${batch.ids.join(' ')}\n`);
    steps++;
    if (steps === stopAfter) {
      // Every rank has yielded the same number of samples, so rank 0's state speaks for all.
      if (process.env.RANK === '0') await writeFile(checkpoint, JSON.stringify(samples.state()));
      break;
    }
  }
}

/** Starts `worldSize` ranks of this script and collects the ids each one trained on. */
async function runRanks(worldSize: number, env: Record<string, string>): Promise<string[][]> {
  const script = fileURLToPath(import.meta.url);
  return Promise.all(
    Array.from({ length: worldSize }, (_, r) => {
      const child = spawn(process.execPath, [...process.execArgv, script, source], {
        env: { ...process.env, ...env, RANK: String(r), WORLD_SIZE: String(worldSize) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      return new Promise<string[]>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve(out.split('\n').filter((l) => l.startsWith('ids ')).flatMap((l) => l.slice(4).split(' '))) : reject(new Error(`rank ${r} exited with ${code}`)),
        ),
      );
    }),
  );
}

async function launch(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'diffseg30k-ddp-'));
  const checkpoint = join(dir, 'loader-state.json');
  try {
    const first = await runRanks(4, { CHECKPOINT: checkpoint, STOP_AFTER_STEPS: '2' });
    const state = JSON.parse(await readFile(checkpoint, 'utf8')) as LoaderState;
    console.log(`4 ranks: ${first.map((ids) => ids.length).join(' + ')} samples, then a checkpoint: ${JSON.stringify(state)}`);
    const second = await runRanks(2, { CHECKPOINT: checkpoint, RESUME: '1' });
    console.log(`resumed on 2 ranks: ${second.map((ids) => ids.length).join(' + ')} samples`);

    const all = [...first, ...second].flat();
    let total = 0;
    for await (const _ of loadSplit('train', { source, metadataOnly: true, rank: 0, worldSize: 1 })) total++;
    const once = new Set(all).size === all.length && all.length === total;
    console.log(`epoch 0: ${all.length} samples of ${total}, ${once ? 'every sample exactly once' : 'NOT every sample exactly once'}`);
    if (!once) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
