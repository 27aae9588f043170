import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, DiffsegError, FormatError, SchemaError, ResumeError, flip, loadSplit, writeDataset, type AnnotatedSample, type DatasetRecord, type DatasetSource, type LoadSplitOptions, type LoaderState, type Sample, type Transform } from '../../src/index.js';
import { localSource } from '../../src/repo/index.js';
import { composeLabelMap } from '../../src/mask/index.js';
import { makeRecord } from '../fixtures/make-record.js';
import { writeTrainingDataset } from './training-dataset.js';

/** The samples here are fully annotated (mask-only layouts are specced in spec/format/layouts.spec.ts). */
async function collect(iterable: AsyncIterable<Sample>): Promise<AnnotatedSample[]> {
  const out: AnnotatedSample[] = [];
  for await (const s of iterable) out.push(s as AnnotatedSample);
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSplit on the bundled samples', () => {
  it("streams 'validation' (alias 'val') with metadata as plain fields and lazy pixels", async () => {
    const samples = await collect(loadSplit('val', { source: 'samples' }));
    expect(samples.length).toBeGreaterThanOrEqual(8);
    expect(new Set(samples.map((s) => s.split))).toEqual(new Set(['validation']));
    const edited = samples.find((s) => s.num_turns > 0)!;
    const image = await edited.image();
    expect(image.width * image.height * image.channels).toBe(image.data.length);
    expect([image.width, image.height]).toEqual([edited.width, edited.height]);
    const labels = await edited.labelMap();
    expect(Array.from(labels)).toEqual(Array.from(composeLabelMap({ turns: edited.turns, height: edited.height, width: edited.width })));
    const binary = await edited.binaryMask();
    expect(binary.every((v, i) => v === (labels[i] === 0 ? 0 : 1))).toBe(true);
    const turn0 = edited.turnMask(0);
    expect(turn0.reduce((a, b) => a + b, 0)).toBe(edited.turns[0].area);
    expect(() => edited.turnMask(edited.num_turns)).toThrow(ArgumentError);
    expect(edited.imageBytes).toBeInstanceOf(Uint8Array);
    expect(await edited.image()).toBe(image); // decoded once, cached
  });

  it('gives identical ids and label maps in a metadata-only pass, with no image bytes', async () => {
    const full = await collect(loadSplit('validation', { source: 'samples' }));
    const meta = await collect(loadSplit('validation', { source: 'samples', metadataOnly: true }));
    expect(meta.map((s) => s.id)).toEqual(full.map((s) => s.id));
    expect(meta.every((s) => s.imageBytes === undefined && s.maskBytes === undefined)).toBe(true);
    for (let i = 0; i < full.length; i++) {
      expect(Array.from(await meta[i].labelMap())).toEqual(Array.from(await full[i].labelMap()));
    }
    await expect(meta[0].image()).rejects.toThrow(/metadataOnly/);
  });

  it('applies limit, filter and the record filters', async () => {
    expect((await collect(loadSplit('train', { source: 'samples', limit: 3 }))).length).toBe(3);
    const threeTurns = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, numTurns: 3, negatives: false }));
    expect(threeTurns.length).toBeGreaterThan(0);
    expect(threeTurns.every((s) => s.num_turns === 3)).toBe(true);
    const custom = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, filter: (r) => r.base_type === 'real' }));
    expect(custom.every((s) => s.base_type === 'real')).toBe(true);
    const all = await collect(loadSplit('train', { source: 'samples', metadataOnly: true }));
    const good = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, minQuality: 3 }));
    expect(good.length).toBe(all.filter((s) => s.num_turns === 0 || (s.quality_score ?? -1) >= 3).length);
  });

  it('yields the two sides of a cross-generator holdout for train and validation', async () => {
    const heldOut = ['sd2', 'sd3.5'];
    const train = await collect(loadSplit('train', { source: 'samples', metadataOnly: true, holdout: 'sd2+sd3.5' }));
    const test = await collect(loadSplit('validation', { source: 'samples', metadataOnly: true, holdout: 'sd2+sd3.5' }));
    expect(train.every((s) => s.turns.every((t) => !heldOut.includes(t.generator)))).toBe(true);
    expect(test.length).toBeGreaterThan(0);
    expect(test.every((s) => s.turns.some((t) => heldOut.includes(t.generator)))).toBe(true);
  });

  it('applies a transform to image and label map together', async () => {
    const [plain] = await collect(loadSplit('validation', { source: 'samples', limit: 1 }));
    const [flipped] = await collect(loadSplit('validation', { source: 'samples', limit: 1, transform: flip() }));
    const a = await plain.labelMap();
    const b = await flipped.labelMap();
    const w = plain.width;
    for (let y = 0; y < plain.height; y += 17) for (let x = 0; x < w; x += 13) expect(b[y * w + x]).toBe(a[y * w + (w - 1 - x)]);
  });

  it('rejects a missing source, a missing split and a directory that is not a dataset', async () => {
    await expect(collect(loadSplit('validation', { source: '' }))).rejects.toThrow(ArgumentError);
    await expect(collect(loadSplit('test', { source: 'samples' }))).rejects.toMatchObject({ code: 'SPLIT_NOT_FOUND' });
    await expect(collect(loadSplit('test', { source: 'samples' }))).rejects.toThrow(/validation/);
    await expect(collect(loadSplit('train', { source: dir }))).rejects.toMatchObject({ code: 'NOT_A_DATASET' });
    await expect(collect(loadSplit('train', { source: 'samples', limit: -1 }))).rejects.toThrow(ArgumentError);
  });
});

describe('loadSplit on bad data', () => {
  it('rejects an unreadable image with a FormatError naming the shard and record', async () => {
    const good = await makeRecord({ id: 'good', turns: [{ generator: 'glide', rect: [2, 2, 4, 4] }] });
    const broken: DatasetRecord = { ...(await makeRecord({ id: 'broken' })), image: { bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), path: 'broken.png' } };
    const out = join(dir, 'broken-image');
    await writeDataset({ out: out, splits: { validation: [good, broken] } });
    const samples = await collect(loadSplit('validation', { source: out }));
    expect(samples.map((s) => s.id)).toEqual(['good', 'broken']);
    await expect(samples[0].image()).resolves.toMatchObject({ width: 16, height: 12 });
    const error = await samples[1].image().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as DiffsegError).code).toBe('IMAGE_INVALID');
    expect((error as Error).message).toMatch(/validation-00000-of-00001\.parquet, record broken, image: cannot decode/);
  });

  it('surfaces a record that fails the schema as a SchemaError, not a skipped record', async () => {
    const out = join(dir, 'bad-schema');
    const record = await makeRecord({ id: 'r1', turns: [{ generator: 'glide', rect: [2, 2, 4, 4] }] });
    await writeDataset({ out: out, splits: { validation: [record] } });
    // Rewrite the shard through the Arrow layer with an out-of-range quality score.
    const { recordsToArrow } = await import('../../src/parquet/arrow-from-records.js');
    const { writeFile, readdir } = await import('node:fs/promises');
    const { Table: WasmTable, writeParquet, WriterPropertiesBuilder, Compression } = await import('parquet-wasm');
    const { Table, tableToIPC } = await import('apache-arrow');
    const table = new Table(recordsToArrow({ records: [{ ...record, quality_score: 9 }] }));
    const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build());
    const [file] = (await readdir(join(out, 'data'))).filter((f) => f.endsWith('.parquet'));
    await writeFile(join(out, 'data', file), bytes);
    const error = await collect(loadSplit('validation', { source: out })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).recordId).toBe('r1');
    expect((error as Error).message).toMatch(/quality_score/);
  });
});

describe('loadSplit for training: shuffle, ranks, resume', () => {
  let data: string;
  let ids: string[];
  beforeAll(async () => {
    data = join(dir, 'training');
    ids = await writeTrainingDataset({ dir: data, count: 50 });
  });
  const idsOf = async (options: LoadSplitOptions) => (await collect(loadSplit('train', { source: data, metadataOnly: true, rank: 0, worldSize: 1, ...options }))).map((s) => s.id);

  it('reads file order without shuffle, and a seeded permutation with it: stable, different per epoch and seed', async () => {
    expect(await idsOf({})).toEqual(ids);
    const a = await idsOf({ shuffle: true, seed: 1, epoch: 0 });
    expect([...a].sort()).toEqual(ids);
    expect(a).not.toEqual(ids);
    expect(await idsOf({ shuffle: true, seed: 1, epoch: 0 })).toEqual(a);
    expect(await idsOf({ shuffle: true, seed: 1, epoch: 1 })).not.toEqual(a);
    expect(await idsOf({ shuffle: true, seed: 2, epoch: 0 })).not.toEqual(a);
    // Full records come in the same order as metadata-only ones.
    expect((await collect(loadSplit('train', { source: data, shuffle: true, seed: 1, rank: 0, worldSize: 1 }))).map((s) => s.id)).toEqual(a);
  });

  it('gives 4 ranks the same count and covers the split: pad repeats two, drop leaves two out', async () => {
    for (const partition of ['pad', 'drop'] as const) {
      const ranks = await Promise.all([0, 1, 2, 3].map((rank) => idsOf({ shuffle: true, seed: 5, rank, worldSize: 4, partition })));
      expect(ranks.map((r) => r.length)).toEqual(Array(4).fill(partition === 'pad' ? 13 : 12));
      const all = ranks.flat();
      if (partition === 'pad') expect(new Set(all)).toEqual(new Set(ids));
      else expect(new Set(all).size).toBe(all.length);
    }
  });

  it('takes RANK and WORLD_SIZE from the environment when not given', async () => {
    const saved = { RANK: process.env.RANK, WORLD_SIZE: process.env.WORLD_SIZE };
    try {
      process.env.RANK = '1';
      process.env.WORLD_SIZE = '2';
      const fromEnv = (await collect(loadSplit('train', { source: data, metadataOnly: true }))).map((s) => s.id);
      expect(fromEnv).toEqual(await idsOf({ rank: 1, worldSize: 2 }));
      expect(fromEnv).toHaveLength(25);
      process.env.RANK = '2';
      await expect(collect(loadSplit('train', { source: data }))).rejects.toThrow(/rank 2 is not below worldSize 2/);
      process.env.WORLD_SIZE = 'two';
      await expect(collect(loadSplit('train', { source: data }))).rejects.toThrow(/WORLD_SIZE environment variable/);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('keeps ranks exactly equal with filters (a metadata pass counts the kept records first)', async () => {
    const filters = { negatives: false, minQuality: 3 } as const;
    const kept = await idsOf(filters);
    expect(kept.length).toBeGreaterThan(10);
    const ranks = await Promise.all([0, 1, 2].map((rank) => idsOf({ ...filters, shuffle: true, rank, worldSize: 3, partition: 'drop' })));
    expect(new Set(ranks.map((r) => r.length))).toEqual(new Set([Math.floor(kept.length / 3)]));
    expect(ranks.flat().every((id) => kept.includes(id))).toBe(true);
  });

  it('resumes exactly: what comes after state() is what an uninterrupted read yields next, shuffle included', async () => {
    const options = { shuffle: true, seed: 9, epoch: 2, rank: 1, worldSize: 2 } as const;
    const whole = await idsOf(options);
    const first = loadSplit('train', { source: data, metadataOnly: true, ...options });
    const head: string[] = [];
    for await (const s of first) {
      head.push(s.id);
      if (head.length === 7) break;
    }
    const state = JSON.parse(JSON.stringify(first.state())) as LoaderState;
    expect(state).toMatchObject({ version: 1, split: 'train', epoch: 2, seed: 9, worldSize: 2, position: 7, shuffle: true });
    expect(state.revision).toMatch(/^sha256:[0-9a-f]{24}$/);
    // The state's settings are taken when the options are silent.
    const rest = await idsOf({ rank: 1, worldSize: 2, resume: state });
    expect([...head, ...rest]).toEqual(whole);
  });

  it('resumes elastically: 4 ranks stop after 3 each, 3 ranks finish the epoch, every sample once', async () => {
    // 50 records, 4 ranks: 13 each with padding (52); after 3 each, 38 distinct records remain.
    const options = { shuffle: true, seed: 4, epoch: 0, worldSize: 4 } as const;
    const streams = [0, 1, 2, 3].map((rank) => loadSplit('train', { source: data, metadataOnly: true, ...options, rank }));
    const done: string[] = [];
    for (const stream of streams) {
      for (let i = 0; i < 3; i++) done.push((await stream.next()).value!.id);
    }
    const state = streams[0].state();
    for (const stream of streams) await stream.return();
    const rest = await Promise.all([0, 1, 2].map((rank) => idsOf({ rank, worldSize: 3, resume: state })));
    expect(rest.map((r) => r.length)).toEqual([13, 13, 13]); // 38 left, padded to 39
    const all = [...done, ...rest.flat()];
    expect(new Set(all)).toEqual(new Set(ids));
    expect(all.length - ids.length).toBeLessThanOrEqual(2 + 1); // only padding repeats
    // A resumed stream's state carries the history and resumes again.
    const again = loadSplit('train', { source: data, metadataOnly: true, rank: 0, worldSize: 3, resume: state });
    await again.next();
    expect(again.state()).toMatchObject({ worldSize: 3, position: 1, history: [{ worldSize: 4, position: 3 }] });
    await again.return();
  });

  it('rejects a state of another split, revision or filters, a conflicting option and a malformed state', async () => {
    const stream = loadSplit('train', { source: data, metadataOnly: true, rank: 0, worldSize: 1, shuffle: true });
    await stream.next();
    const state = stream.state();
    await stream.return();
    const resumeError = (options: LoadSplitOptions, split = 'train') => collect(loadSplit(split, { source: data, rank: 0, worldSize: 1, ...options })).catch((e: unknown) => e);
    expect(await resumeError({ resume: { ...state, split: 'validation' } })).toMatchObject({ code: 'RESUME_INVALID', field: 'split' });
    expect(await resumeError({ resume: { ...state, revision: 'sha256:000' } })).toMatchObject({ code: 'RESUME_INVALID', field: 'revision' });
    expect(await resumeError({ resume: state, minQuality: 3 })).toMatchObject({ code: 'RESUME_INVALID', field: 'filter' });
    expect(await resumeError({ resume: state, seed: 1 })).toMatchObject({ code: 'RESUME_INVALID', field: 'seed' });
    expect(await resumeError({ resume: { ...state, position: 'x' } as unknown as LoaderState })).toBeInstanceOf(ResumeError);
    expect(await resumeError({ resume: { ...state, position: 51 } })).toMatchObject({ code: 'RESUME_INVALID', field: 'position' });
    // Another dataset at the same place: the local fingerprint changes with the files.
    const other = join(dir, 'training-other');
    await writeTrainingDataset({ dir: other, count: 49 });
    const error = await collect(loadSplit('train', { source: other, rank: 0, worldSize: 1, resume: state })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESUME_INVALID', field: 'revision' });
    expect(() => loadSplit('train', { source: data }).state()).toThrow(/once the stream has started/);
  });

  it('a custom filter is fingerprinted by what it keeps: a closure over another threshold is refused, the same filter resumes', async () => {
    const atLeast = (q: number) => (r: { quality_score: number | null }) => (r.quality_score ?? 0) >= q;
    const stream = loadSplit('train', { source: data, metadataOnly: true, filter: atLeast(2) as never });
    const first = [(await stream.next()).value!.id, (await stream.next()).value!.id];
    const state = stream.state();
    await stream.return();
    // Two closures that print the same, over other thresholds: other kept rows, another fingerprint.
    expect(String(atLeast(2))).toBe(String(atLeast(4)));
    const refused = await collect(loadSplit('train', { source: data, metadataOnly: true, filter: atLeast(4) as never, resume: state })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RESUME_INVALID', field: 'filter' });
    const rest = await collect(loadSplit('train', { source: data, metadataOnly: true, filter: atLeast(2) as never, resume: state }));
    const all = await collect(loadSplit('train', { source: data, metadataOnly: true, filter: atLeast(2) as never }));
    expect([...first, ...rest.map((s) => s.id)]).toEqual(all.map((s) => s.id));
  });

  it('reads a source with a revision lazily in file order, the same samples as the planned read', async () => {
    const local = await localSource({ path: data });
    const opened: string[] = [];
    const withRevision: DatasetSource = {
      ...local,
      name: local.name,
      revision: 'abc123',
      open: async (p) => {
        opened.push(p.path);
        return local.open(p);
      },
    };
    const lazy = loadSplit('train', { source: withRevision, metadataOnly: true, rank: 0, worldSize: 1 });
    const first = await lazy.next();
    expect(first.value!.id).toBe(ids[0]);
    expect(opened).toHaveLength(1); // one shard's footer before the first sample
    const rest: string[] = [];
    for await (const s of lazy) rest.push(s.id);
    expect([first.value!.id, ...rest]).toEqual(ids);
    expect(lazy.state()).toMatchObject({ revision: 'abc123', position: 50 });
    // Planned (shuffled) reads of a source with a revision carry it too.
    const planned = loadSplit('train', { source: withRevision, metadataOnly: true, rank: 0, worldSize: 1, shuffle: true });
    await planned.next();
    expect(planned.state().revision).toBe('abc123');
    await planned.return();
  });

  it('decodes at most `prefetch` samples ahead of the consumer', async () => {
    for (const prefetch of [0, 3]) {
      let started = 0;
      const counting: Transform = { name: 'count', apply: async (input) => (started++, input) };
      let consumed = 0;
      let most = -1;
      for await (const s of loadSplit('train', { source: data, rank: 0, worldSize: 1, transform: counting, prefetch, limit: 20 })) {
        await new Promise((r) => setTimeout(r, 1));
        // Decoding started beyond the sample in hand.
        const ahead = started - (consumed + 1);
        expect(ahead).toBeLessThanOrEqual(prefetch);
        most = Math.max(most, ahead);
        await s.image();
        consumed++;
      }
      expect(consumed).toBe(20);
      expect(most).toBe(prefetch === 0 ? -1 : prefetch);
    }
  });

  it('a row waiting in the shuffle keeps only its own bytes: no row group buffer is handed out again once the next is read', async () => {
    const plain = new Map((await collect(loadSplit('train', { source: data, rank: 0, worldSize: 1 }))).map((s) => [s.id, s.imageBytes!]));
    for (const options of [{ shuffle: true, shuffleBuffer: 7 }, { shuffle: true, worldSize: 3, partition: 'pad' as const }, {}]) {
      const seen: ArrayBufferLike[] = [];
      let copies = 0;
      for await (const s of loadSplit('train', { source: data, rank: 0, worldSize: 1, ...options })) {
        expect(s.imageBytes).toEqual(plain.get(s.id));
        for (const bytes of [s.imageBytes!, s.maskBytes!]) {
          if (bytes.buffer.byteLength === bytes.length) {
            copies++;
            continue;
          }
          // A view of a row group's buffer: of the latest one, never of one left behind.
          if (seen.at(-1) === bytes.buffer) continue;
          expect(seen).not.toContain(bytes.buffer);
          seen.push(bytes.buffer);
        }
      }
      // Unshuffled, nothing waits and nothing is copied; shuffled, the rows left over are.
      if (options.shuffle) expect(copies).toBeGreaterThan(0);
      else expect(copies).toBe(0);
    }
  });

  it('stops on abort and releases the reader on an early break', async () => {
    const controller = new AbortController();
    const stream = loadSplit('train', { source: data, rank: 0, worldSize: 1, shuffle: true, signal: controller.signal });
    await stream.next();
    controller.abort(new Error('stop now'));
    await expect(stream.next()).rejects.toThrow('stop now');
    expect((await stream.next()).done).toBe(true);
    const broken = loadSplit('train', { source: data, rank: 0, worldSize: 1 });
    for await (const _ of broken) break;
    expect((await broken.next()).done).toBe(true);
    expect(broken.state().position).toBe(1);
  });
});
