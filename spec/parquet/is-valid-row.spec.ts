import { describe, expect, it } from 'vitest';
import { isValidRow } from '../../src/parquet/is-valid-row.js';
import { DatasetRecordSchema, RecordMetadataSchema } from '../../src/schema/record.js';
import { mulberry32 } from '../fixtures/mulberry32.js';
import { makeRecords } from '../format/make-records.js';

type Row = Record<string, unknown>;

/** Values a field may be set to, good and bad, for every kind of field the schema has. */
const ODD: unknown[] = [
  undefined, null, 0, -0, 1, -1, 0.5, 5, 5.000001, 127, 128, -128, 255, 2_147_483_647, 2_147_483_648, 2 ** 53 - 1, 2 ** 53, -(2 ** 53),
  Number.NaN, Infinity, -Infinity, '', 'x', '3', 'sd2', 'sdxl', 'flux.1', 'nope', 'real', 'generated', 'attribute', 'addition', 'removal',
  true, false, [], [1, 2, 3, 4], [1, 2, 3], [1, 2, 3, 4, 5], [0, 0, 0, -1], [0, 0, 0, 0.5], {}, { bytes: null, path: null },
  { bytes: new Uint8Array(2), path: 'a.png' }, { bytes: Buffer.from('ab'), path: null }, { bytes: [1, 2], path: null },
  { bytes: new Uint8Array(1) }, { bytes: new Uint8Array(1), path: 3 }, new Uint8Array(3), 10n, new Date(0), Symbol.for('s'),
  'hyper-sd-8step', 'lora+dpo_v1.2', '-x', 'a/b', 'a b', 'x'.repeat(64), 'x'.repeat(65),
];

const TOP = ['id', 'split', 'width', 'height', 'base_type', 'base_generator', 'coco_id', 'base_prompt', 'turns', 'num_turns', 'quality_score', 'quality_reason', 'image', 'mask', 'annotations'];
const TURN = ['index', 'generator', 'label', 'edit_type', 'prompt', 'category', 'object', 'mask_rle', 'area', 'bbox', 'variant'];

function mutate(row: Row, rand: () => number): Row {
  const out = structuredClone({ ...row, image: undefined, mask: undefined }) as Row;
  out.image = row.image;
  out.mask = row.mask;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const changes = 1 + Math.floor(rand() * 2);
  for (let c = 0; c < changes; c++) {
    const turns = out.turns as Row[] | undefined;
    const where = rand();
    if (where < 0.45 && Array.isArray(turns) && turns.length > 0) {
      const t = pick(turns);
      if (typeof t !== 'object' || t === null) continue;
      const key = pick(TURN);
      if (rand() < 0.1) delete t[key];
      else if (key === 'bbox' && Array.isArray(t.bbox) && rand() < 0.4) {
        const box = [...(t.bbox as number[])];
        if (rand() < 0.5) box[Math.floor(rand() * 4)] = pick(ODD) as number;
        else delete box[Math.floor(rand() * 4)];
        t.bbox = box;
      } else t[key] = pick(ODD);
    } else if (where < 0.5 && Array.isArray(turns)) {
      turns.push(pick([null, 3, {}, [], { ...(turns[0] ?? {}) }]) as Row);
    } else {
      const key = pick(TOP);
      if (rand() < 0.1) delete out[key];
      else out[key] = pick(ODD);
    }
  }
  return out;
}

describe('isValidRow', () => {
  it('gives the answer zod gives, for good rows and thousands of broken ones, metadata and full', async () => {
    const records = (await makeRecords(24)) as unknown as Row[];
    const rand = mulberry32(20261201);
    let accepted = 0;
    let rejected = 0;
    for (const full of [false, true]) {
      const schema = full ? DatasetRecordSchema : RecordMetadataSchema;
      for (const record of records) {
        const row = full ? record : Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'image' && k !== 'mask'));
        expect(isValidRow(row, full)).toBe(true);
        expect(schema.safeParse(row).success).toBe(true);
        for (let k = 0; k < 400; k++) {
          const bad = mutate(row, rand);
          const zod = schema.safeParse(bad).success;
          if (isValidRow(bad, full) !== zod) expect.fail(`isValidRow says ${!zod}, zod says ${zod}, for ${JSON.stringify(bad, (_, v) => (typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v instanceof Uint8Array ? `bytes(${v.length})` : v))}`);
          if (zod) accepted++;
          else rejected++;
        }
      }
    }
    // Both kinds of answer were exercised many times over.
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(10000);
  });

  it('accepts the edge values the schema allows and refuses those just past them', () => {
    const base: Row = {
      id: 'a', split: 'train', width: 1, height: 2_147_483_647, base_type: 'real', base_generator: null, coco_id: 0, base_prompt: null,
      turns: [{ index: 127, generator: 'kandinsky-2.2', label: 8, edit_type: 'removal', prompt: '', category: null, object: null, mask_rle: '', area: 0, bbox: [0, 0, 0, 2_147_483_647] }],
      num_turns: 0, quality_score: 5, quality_reason: null,
    };
    const cases: [Row, boolean][] = [
      [base, true],
      [{ ...base, coco_id: Number.MAX_SAFE_INTEGER }, true],
      [{ ...base, coco_id: 2 ** 53 }, false],
      [{ ...base, quality_score: 0 }, true],
      [{ ...base, quality_score: -0.0001 }, false],
      [{ ...base, width: 0 }, false],
      [{ ...base, id: '' }, false],
      [{ ...base, annotations: undefined }, true],
      [{ ...base, annotations: 'mask-only' }, false],
      [{ ...base, turns: [{ ...(base.turns as Row[])[0], label: 9 }] }, false],
      // zod does not check label against generator, nor num_turns against turns: the validator does.
      [{ ...base, turns: [{ ...(base.turns as Row[])[0], label: 1 }] }, true],
    ];
    for (const [row, expected] of cases) {
      expect(RecordMetadataSchema.safeParse(row).success).toBe(expected);
      expect(isValidRow(row, false)).toBe(expected);
    }
  });
});
