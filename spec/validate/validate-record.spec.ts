import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSplit, validateRecord } from '../../src/index.js';
import { encodeRle } from '../../src/mask/index.js';
import { samplesDirectory } from '../../src/repo/index.js';
import { makeRecord, pngOf } from '../fixtures/make-record.js';

const twoTurns = { id: 'r1', turns: [
  { generator: 'flux.1' as const, rect: [1, 1, 6, 5] as [number, number, number, number] },
  { generator: 'sd2' as const, rect: [4, 3, 8, 6] as [number, number, number, number] },
] };

describe('validateRecord', () => {
  it('accepts a valid record, with pixels and metadata-only', async () => {
    const record = await makeRecord(twoTurns);
    expect(await validateRecord({ record })).toEqual({ id: 'r1', ok: true, issues: [] });
    const { image: _i, mask: _m, ...metadata } = record;
    expect((await validateRecord({ record: metadata })).ok).toBe(true);
    expect((await validateRecord({ record: await makeRecord({ id: 'neg' }) })).ok).toBe(true);
  });

  it('reports zod problems with their paths', async () => {
    const record = await makeRecord(twoTurns);
    const bad = { ...record, width: -3, turns: [{ ...record.turns[0], edit_type: 'smudge' }, record.turns[1]] };
    const report = await validateRecord({ record: bad });
    expect(report.ok).toBe(false);
    expect(report.id).toBe('r1');
    const paths = report.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('width');
    expect(paths).toContain('turns.0.edit_type');
  });

  it("accepts a generator's variant labelled as its parent, absent or null for the vanilla model, and reports a malformed one", async () => {
    const record = await makeRecord(twoTurns);
    const withVariant = { ...record, turns: [{ ...record.turns[0], variant: 'hyper-sd-8step' }, { ...record.turns[1], variant: undefined }] };
    expect(await validateRecord({ record: withVariant })).toEqual({ id: 'r1', ok: true, issues: [] });
    for (const variant of ['', 'a/b', 'hyper sd', 'x'.repeat(65), 3]) {
      const report = await validateRecord({ record: { ...record, turns: [{ ...record.turns[0], variant }, record.turns[1]] } as never });
      expect(report.issues.map((i) => i.path.join('.')), String(variant)).toEqual(['turns.0.variant']);
    }
  });

  it('reports num_turns, index, label ↔ generator, area, bbox and a real base with a generator', async () => {
    const record = await makeRecord(twoTurns);
    const bad = {
      ...record,
      num_turns: 3,
      base_generator: 'sdxl',
      turns: [
        { ...record.turns[0], label: 2, area: record.turns[0].area + 1 },
        { ...record.turns[1], index: 5, bbox: [0, 0, 1, 1] as [number, number, number, number] },
      ],
    };
    const report = await validateRecord({ record: bad });
    const byPath = Object.fromEntries(report.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath['num_turns']).toMatch(/is 3 but the record has 2 turns/);
    expect(byPath['base_generator']).toMatch(/null for a real base/);
    expect(byPath['turns.0.label']).toMatch(/flux.1 has label 4/);
    expect(byPath['turns.0.area']).toMatch(/covers 30 pixels/);
    expect(byPath['turns.1.index']).toMatch(/position 1/);
    expect(byPath['turns.1.bbox']).toMatch(/\[4, 3, 8, 6\]/);
  });

  it('reports an RLE of the wrong size', async () => {
    const record = await makeRecord(twoTurns);
    const wrong = encodeRle({ mask: new Uint8Array(6), height: 2, width: 3 }).counts;
    const report = await validateRecord({ record: { ...record, turns: [{ ...record.turns[0], mask_rle: wrong }, record.turns[1]] } });
    expect(report.issues.map((i) => i.path.join('.'))).toContain('turns.0.mask_rle');
  });

  it('reports a mask that is not the composition of the turns (wrong order)', async () => {
    const record = await makeRecord(twoTurns);
    const swapped = await makeRecord({ id: 'r1', turns: [twoTurns.turns[1], twoTurns.turns[0]] });
    const report = await validateRecord({ record: { ...record, mask: swapped.mask } });
    expect(report.ok).toBe(false);
    expect(report.issues[0].path).toEqual(['mask']);
    expect(report.issues[0].message).toMatch(/differs from the composition of the turns at \d+ pixels/);
  });

  it('reports an image of another size and an unreadable mask', async () => {
    const record = await makeRecord(twoTurns);
    const image = { bytes: await pngOf(new Uint8Array(8 * 8 * 3), 8, 8, 3), path: 'x.png' };
    const mask = { bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), path: 'x.mask.png' };
    const report = await validateRecord({ record: { ...record, image, mask } });
    const byPath = Object.fromEntries(report.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath['image']).toMatch(/is 8×8 but the record says 16×12/);
    expect(byPath['mask']).toMatch(/cannot decode/);
  });

  it('decodes every pixel: a truncated image, flipped data bytes and a truncated mask are reported, not just their headers read', async () => {
    const record = await makeRecord(twoTurns);
    const image = record.image.bytes!;
    const mask = record.mask.bytes!;
    // Headers intact (sharp's metadata reads them fine), data cut or scrambled.
    const truncated = image.slice(0, Math.floor(image.length * 0.6));
    const flipped = image.slice();
    const idat = Buffer.from(image).indexOf('IDAT');
    for (let i = idat + 8; i < image.length - 16; i += 3) flipped[i] ^= 0xff;
    const cutMask = mask.slice(0, mask.length - 30);
    for (const [name, bad, path] of [
      ['truncated image', { image: { bytes: truncated, path: 'x.png' } }, 'image'],
      ['flipped image', { image: { bytes: flipped, path: 'x.png' } }, 'image'],
      ['truncated mask', { mask: { bytes: cutMask, path: 'x.mask.png' } }, 'mask'],
    ] as const) {
      const report = await validateRecord({ record: { ...record, ...bad } });
      expect(report.ok, name).toBe(false);
      expect(report.issues.map((i) => i.path.join('.')), name).toEqual([path]);
      expect(report.issues[0].message, name).toMatch(/^cannot decode: /);
    }
  });

  it('never throws on garbage', async () => {
    expect((await validateRecord({ record: null })).ok).toBe(false);
    expect((await validateRecord({ record: 'x' })).ok).toBe(false);
  });
});

describe('validateRecord on mask encodings', () => {
  it('reports a mask stored as an RGB PNG instead of 8-bit grey', async () => {
    const record = await makeRecord(twoTurns);
    const labels = new Uint8Array(16 * 12 * 3);
    const rgb = { bytes: await pngOf(labels, 16, 12, 3), path: 'rgb.mask.png' };
    const report = await validateRecord({ record: { ...record, mask: rgb } });
    expect(report.issues.find((i) => i.path.join('.') === 'mask')?.message).toMatch(/must be an 8-bit greyscale PNG, got an 8-bit RGB PNG/);
  });
});

describe('validateRecord on samples', () => {
  const authorsZip = join(samplesDirectory(), '..', 'authors-layout.zip');

  it('answers ok for every bundled sample, full and metadata-only, annotated and mask-only, and checks the pixels it is given', async () => {
    for (const source of ['samples', authorsZip]) {
      for (const metadataOnly of [false, true]) {
        let n = 0;
        for await (const sample of loadSplit('validation', { source, metadataOnly })) {
          const report = await validateRecord({ record: sample });
          expect(report, `${source} ${sample.id} metadataOnly=${metadataOnly}`).toEqual({ id: sample.id, ok: true, issues: [] });
          n++;
        }
        expect(n).toBeGreaterThan(0);
      }
    }
  });

  it('finds what is wrong in a sample: its metadata, its mask against the turns, a mask-only mask against its generators', async () => {
    const [sample] = await collect(loadSplit('validation', { source: 'samples', limit: 1, negatives: false }));
    const report = await validateRecord({ record: { ...sample, num_turns: 7 } });
    expect(report.issues.map((i) => i.path.join('.'))).toEqual(['num_turns']);

    // A blank mask under an edited record: the composition of the turns no longer matches it.
    const blank = await pngOf(new Uint8Array(sample.width * sample.height), sample.width, sample.height, 1);
    const wrongMask = await validateRecord({ record: { ...sample, maskBytes: blank } });
    expect(wrongMask.ok).toBe(false);
    expect(wrongMask.issues.map((i) => i.message).join()).toMatch(/differs from the composition of the turns/);

    const [pair] = await collect(loadSplit('validation', { source: authorsZip, limit: 1 }));
    expect(pair.annotations).toBe('mask-only');
    const lying = await validateRecord({ record: { ...pair, generators: [] } });
    expect(lying.issues.map((i) => i.path.join('.'))).toEqual(['generators']);
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
