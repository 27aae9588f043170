import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { decodeLabelMap } from '../../src/codec/decode-label-map.js';
import { checkedChunks, inflateImageData, readPngHeader } from '../../src/codec/internal/read-png.js';
import { openDataset } from '../../src/format/open-dataset.js';
import { openShard } from '../../src/format/open-shard.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import type { DatasetRecord } from '../../src/schema/record.js';
import { validateRecord } from '../../src/validate/validate-record.js';
import { fromFile } from '../../src/io/from-file.js';
import { samplesDirectory } from '../../src/repo/samples-source.js';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { jpeg } from '../../src/transforms/jpeg.js';
import { resize } from '../../src/transforms/resize.js';

function io(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY, cwd: process.cwd() };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

/**
 * Asserts two pixel buffers are equal, naming the first differing index. (vitest's deep toEqual
 * walks a typed array element by element: over five 384² images it took most of a minute on the
 * loaded 2-core machine, past the spec timeout.)
 */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  if (Buffer.compare(actual, expected) === 0) return;
  const at = actual.findIndex((v, i) => v !== expected[i]);
  expect({ index: at, value: actual[at] }).toEqual({ index: at, value: expected[at] });
}

/** Every record of one split of a dataset directory, in order. */
async function readSplit(dir: string, split: string): Promise<DatasetRecord[]> {
  const layout = await openDataset({ source: dir });
  const records: DatasetRecord[] = [];
  for (const path of layout.split(split).files.map((f) => join(layout.source.name, f.path))) {
    const shard = await openShard({ byteSource: await fromFile({ path }), split });
    for (let g = 0; g < shard.rowGroups.length; g++) records.push(...((await shard.readRecords(g)) as DatasetRecord[]));
  }
  return records;
}

/** Every file below `dir` with the hash of its bytes. */
async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = createHash('sha256').update(await readFile(join(e.parentPath, e.name))).digest('hex');
  }
  return out;
}

async function decode(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { image: { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels }, info };
}

let tmp: string;
let source: DatasetRecord[];
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'distort-'));
  source = await readSplit(samplesDirectory(), 'validation');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('diffseg30k distort', () => {
  it('jpeg60: same ids and metadata, the JPEG bytes of jpeg({ quality: 60 }), masks untouched, a card naming the distortion', async () => {
    const out = join(tmp, 'jpeg60');
    const run = io(false);
    expect(await runCli(['distort', '--data', 'samples', '--split', 'val', '--preset', 'jpeg60', '--out', out], run.io)).toBe(0);
    // Not a TTY: no progress bar, just the summary line.
    expect(run.out()).not.toContain('\r');
    expect(run.out()).toMatch(/^distort: 16 records of 'validation' with jpeg60/);
    const records = await readSplit(out, 'validation');
    expect(source.length).toBe(16);
    expect(records.map((r) => r.id)).toEqual(source.map((r) => r.id));
    for (const [i, r] of records.entries()) {
      const s = source[i];
      const { image: _i, mask: _m, ...meta } = r;
      const { image: _si, mask: _sm, ...sourceMeta } = s;
      expect(meta).toEqual(sourceMeta);
      expect(Buffer.from(r.mask.bytes!).equals(Buffer.from(s.mask.bytes!))).toBe(true);
      // The stored image is exactly what jpeg({ quality: 60 }) makes of the source pixels.
      const expected = await applyTransform({ transform: jpeg({ quality: 60 }), image: (await decode(s.image.bytes!)).image, labelMap: new Uint8Array(s.width * s.height), id: s.id });
      expect(Buffer.from(r.image.bytes!).equals(Buffer.from(expected.encoded!.bytes))).toBe(true);
      expect((await sharp(r.image.bytes!).metadata()).format).toBe('jpeg');
      expect(r.image.path).toBe(`${r.id}.jpg`);
      expect((await validateRecord({ record: r })).issues).toEqual([]);
    }
    const card = await readFile(join(out, 'README.md'), 'utf8');
    expect(card).toContain('jpeg60');
    expect(card).toContain('jpeg(60)');
    expect(card).toMatch(/diffseg30k_distortion:\n\s+preset: jpeg60/);
  });

  it('--optimise-coding: a JPEG preset writes optimised Huffman tables, the same pixels; refused for other presets', async () => {
    const plain = join(tmp, 'jpeg80-plain');
    const optimised = join(tmp, 'jpeg80-optimised');
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg80', '--out', plain, '--limit', '4'], io().io)).toBe(0);
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg80', '--out', optimised, '--limit', '4', '--optimise-coding'], io().io)).toBe(0);
    const [a, b] = [await readSplit(plain, 'validation'), await readSplit(optimised, 'validation')];
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    for (const [i, r] of b.entries()) {
      const expected = await applyTransform({ transform: jpeg({ quality: 80, optimiseCoding: true }), image: (await decode(source[i].image.bytes!)).image, labelMap: new Uint8Array(r.width * r.height), id: r.id });
      expect(Buffer.from(r.image.bytes!).equals(Buffer.from(expected.encoded!.bytes))).toBe(true);
      expect(r.image.bytes!.length).toBeLessThan(a[i].image.bytes!.length);
      expectSameBytes(new Uint8Array(await sharp(r.image.bytes!).raw().toBuffer()), new Uint8Array(await sharp(a[i].image.bytes!).raw().toBuffer()));
    }
    expect(await readFile(join(optimised, 'README.md'), 'utf8')).toContain('jpeg(80, optimiseCoding)');
    const wrong = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'resize384', '--out', join(tmp, 'never-made'), '--optimise-coding'], wrong.io)).toBe(2);
    expect(wrong.err()).toMatch(/--optimise-coding applies to the JPEG presets \(jpeg60, jpeg80, jpeg30, jpeg90\), not to resize384/);
  });

  it('resize384: new size (the samples are 256 px, so resize256 would be a no-op), label maps resized by nearest neighbour, turns recomputed and still consistent', async () => {
    const out = join(tmp, 'resize384');
    const run = io(true);
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'resize384', '--out', out, '--limit', '5'], run.io)).toBe(0);
    expect(run.err()).toContain('\r'); // TTY: progress bar, on stderr so stdout stays clean
    expect(run.err()).toContain('5/5');
    expect(run.out()).not.toContain('\r');
    const records = await readSplit(out, 'validation');
    expect(records.map((r) => r.id)).toEqual(source.slice(0, 5).map((r) => r.id));
    for (const [i, r] of records.entries()) {
      const s = source[i];
      const { image: srcImage } = await decode(s.image.bytes!);
      const srcLabels = await decodeLabelMap({ bytes: s.mask.bytes!, name: s.id, width: s.width, height: s.height });
      const expected = await applyTransform({ transform: resize({ size: 384 }), image: srcImage, labelMap: srcLabels, id: s.id });
      expect([r.width, r.height]).toEqual([expected.image.width, expected.image.height]);
      expect([r.width, r.height]).toEqual([384, 384]);
      expect([s.width, s.height]).toEqual([256, 256]);
      // An 8-bit grey PNG of label ids, as docs/format.md says.
      expect(await sharp(r.mask.bytes!).metadata()).toMatchObject({ format: 'png', width: r.width, height: r.height, channels: 1, depth: 'uchar' });
      expectSameBytes(await decodeLabelMap({ bytes: r.mask.bytes!, name: r.id, width: r.width, height: r.height }), expected.labelMap);
      const img = await decode(r.image.bytes!);
      expect((await sharp(r.image.bytes!).metadata()).format).toBe('png');
      expectSameBytes(img.image.data, expected.image.data);
      // Row filters chosen per row (what keeps a photograph's PNG at PIL's size), not libvips'
      // default of none: the filter byte in front of each inflated row.
      const header = readPngHeader(r.image.bytes!)!;
      const stride = header.width * 3 + 1;
      const rows = inflateImageData(checkedChunks(r.image.bytes!), header, header.height * stride);
      expect(new Set(Array.from({ length: header.height }, (_, y) => rows[y * stride])).size).toBeGreaterThan(1);
      // validateRecord checks that turns compose to the mask and that area/bbox agree with mask_rle.
      expect((await validateRecord({ record: r })).issues).toEqual([]);
      expect(r.turns.map((t) => t.generator)).toEqual(s.turns.map((t) => t.generator));
    }
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain('resize384');
  });

  it('--concurrency 1 and 5 write byte-identical datasets, in the same order (a JPEG and a resize preset)', async () => {
    /** Every file of a dataset folder with its hash, by path relative to the folder. */
    const relative = async (dir: string) => Object.fromEntries(Object.entries(await hashes(dir)).map(([path, hash]) => [path.slice(dir.length), hash]));
    for (const preset of ['jpeg60', 'resize384']) {
      const outs = [];
      for (const concurrency of ['1', '5']) {
        const out = join(tmp, `${preset}-concurrency-${concurrency}`);
        expect(await runCli(['distort', '--data', 'samples', '--preset', preset, '--out', out, '--concurrency', concurrency], io().io)).toBe(0);
        outs.push(out);
      }
      const [sequential, concurrent] = await Promise.all(outs.map(relative));
      expect(Object.keys(sequential).sort()).toEqual(['/README.md', '/data/validation-00000-of-00001.parquet']);
      expect(concurrent, preset).toEqual(sequential);
      expect((await readSplit(outs[1], 'validation')).map((r) => r.id)).toEqual(source.map((r) => r.id));
    }
    const bad = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg60', '--out', join(tmp, 'never'), '--concurrency', '0'], bad.io)).toBe(2);
    expect(bad.err()).toContain('--concurrency must be an integer ≥ 1');
  });

  it('a record that cannot be distorted is named in the error, and nothing is left at --out, whatever the concurrency', async () => {
    // The samples with record 6's image cut short: its PNG header reads, its pixels do not.
    const broken = join(tmp, 'broken-source');
    const bad = source[6];
    const records = source.map((r) => (r === bad ? { ...r, image: { ...r.image, bytes: r.image.bytes!.slice(0, 2000) } } : r));
    await writeDataset({ out: broken, splits: { validation: records } });
    for (const [preset, concurrency] of [['jpeg60', '1'], ['jpeg60', '4'], ['resize384', '4']]) {
      const parent = join(tmp, `failed-${preset}-${concurrency}`);
      await mkdir(parent);
      const run = io();
      expect(await runCli(['distort', '--data', broken, '--preset', preset, '--out', join(parent, 'out'), '--concurrency', concurrency], run.io)).toBe(1);
      expect(run.err(), `${preset} --concurrency ${concurrency}`).toContain(bad.id);
      expect(run.err()).not.toMatch(new RegExp(source.filter((r) => r !== bad).map((r) => r.id).join('|')));
      // writeDataset writes into a staging folder beside --out and removes it on failure.
      expect(await readdir(parent)).toEqual([]);
    }
  });

  it('usage errors exit 2: unknown preset (listing the presets), missing flags, --out = --data', async () => {
    const unknown = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg61', '--out', join(tmp, 'x')], unknown.io)).toBe(2);
    expect(unknown.err()).toMatch(/unknown robustness preset 'jpeg61'; known presets: jpeg60, jpeg80, resize256, resize1024/);
    const missing = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg60'], missing.io)).toBe(2);
    expect(missing.err()).toContain('--out is required');
    const same = io();
    expect(await runCli(['distort', '--data', samplesDirectory(), '--preset', 'jpeg60', '--out', samplesDirectory()], same.io)).toBe(2);
    const help = io();
    expect(await runCli(['distort', '--help'], help.io)).toBe(0);
    expect(help.out()).toMatch(/\* jpeg60/);
  });

  it('never destroys what it did not write: --out . in a project, another dataset, a link to --data, a folder inside --data', async () => {
    const project = join(tmp, 'project');
    await mkdir(project);
    await writeFile(join(project, 'README.md'), '# my project\n');
    await writeFile(join(project, 'package.json'), '{}\n');
    const inProject = io();
    inProject.io.cwd = project;
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg80', '--out', '.', '--limit', '1'], inProject.io)).toBe(2);
    expect(inProject.err()).toMatch(/is not empty \(it holds README\.md, package\.json\); pass overwrite: true \(diffseg30k: --overwrite\)/);
    // Even --overwrite replaces only a folder that holds a dataset and nothing else.
    const forced = io();
    forced.io.cwd = project;
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg80', '--out', '.', '--overwrite', '--limit', '1'], forced.io)).toBe(2);
    expect(forced.err()).toMatch(/will not overwrite \S*project: it holds package\.json, which a dataset writer never writes/);
    expect(await readFile(join(project, 'README.md'), 'utf8')).toBe('# my project\n');
    expect((await readdir(project)).sort()).toEqual(['README.md', 'package.json']);

    // Another dataset: refused without --overwrite, replaced with it.
    const other = join(tmp, 'other');
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg80', '--out', other, '--limit', '2'], io().io)).toBe(0);
    const card = await readFile(join(other, 'README.md'), 'utf8');
    const again = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg60', '--out', other, '--limit', '3'], again.io)).toBe(2);
    expect(again.err()).toMatch(/--overwrite/);
    expect(await readFile(join(other, 'README.md'), 'utf8')).toBe(card);
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg60', '--out', other, '--limit', '3', '--overwrite'], io().io)).toBe(0);
    expect((await readSplit(other, 'validation')).map((r) => r.id)).toEqual(source.slice(0, 3).map((r) => r.id));
    expect(await readFile(join(other, 'README.md'), 'utf8')).toContain('jpeg60');

    // A link to --data, or a folder inside it: the source is never written, even with --overwrite.
    const data = join(tmp, 'data-copy');
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg90', '--out', data, '--limit', '2'], io().io)).toBe(0);
    const before = await hashes(data);
    await symlink(data, join(tmp, 'link-to-data'));
    for (const out of [join(tmp, 'link-to-data'), join(data, 'data'), join(tmp, 'link-to-data', 'sub'), tmp]) {
      const run = io();
      expect(await runCli(['distort', '--data', data, '--preset', 'jpeg60', '--out', out, '--overwrite'], run.io), out).toBe(2);
      expect(run.err(), out).toMatch(/overlaps --data/);
    }
    // The bundled samples are protected the same way, through any spelling of their path.
    await symlink(samplesDirectory(), join(tmp, 'link-to-samples'));
    const samples = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg60', '--out', join(tmp, 'link-to-samples'), '--overwrite'], samples.io)).toBe(2);
    expect(samples.err()).toMatch(/overlaps --data/);
    expect(await hashes(data)).toEqual(before);
  });

  it('an --out that cannot be written is a typed OUTPUT_ERROR (exit 1), not an internal error', async () => {
    await writeFile(join(tmp, 'plain-file'), 'x');
    const run = io();
    expect(await runCli(['distort', '--data', 'samples', '--preset', 'jpeg80', '--out', join(tmp, 'plain-file', 'out'), '--limit', '1'], run.io)).toBe(1);
    expect(run.err()).toMatch(/^diffseg30k distort: output: .*plain-file.*: cannot inspect: ENOTDIR/);
  });

  it('a missing dataset is a data error (exit 1)', async () => {
    const run = io();
    expect(await runCli(['distort', '--data', join(tmp, 'nope'), '--preset', 'jpeg80', '--out', join(tmp, 'y')], run.io)).toBe(1);
    expect(run.err()).toMatch(/distort:/);
  });
});
