import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../src/index.js';
import { IMAGE_COLUMNS, METADATA_COLUMNS, RECORD_ARROW_SCHEMA, RECORD_COLUMNS } from '../../src/parquet/arrow.js';
import { arrowToMetadata } from '../../src/parquet/arrow-to-metadata.js';
import { arrowToRecords } from '../../src/parquet/arrow-to-records.js';
import { recordsToArrow } from '../../src/parquet/arrow-from-records.js';
import { makeRecords } from '../format/make-records.js';

describe('RECORD_ARROW_SCHEMA', () => {
  it('has the columns of docs/format.md in order, with their types and nullability (no split column)', () => {
    expect(RECORD_ARROW_SCHEMA.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['id', 'Utf8', false],
      ['image', 'Struct<{bytes:Binary, path:Utf8}>', true],
      ['mask', 'Struct<{bytes:Binary, path:Utf8}>', true],
      ['width', 'Int32', false],
      ['height', 'Int32', false],
      ['base_type', 'Utf8', false],
      ['base_generator', 'Utf8', true],
      ['coco_id', 'Int64', true],
      ['base_prompt', 'Utf8', true],
      [
        'turns',
        'List<Struct<{index:Int8, generator:Utf8, label:Int8, edit_type:Utf8, prompt:Utf8, category:Utf8, object:Utf8, mask_rle:Utf8, area:Int32, bbox:List<Int32>, variant:Utf8}>>',
        false,
      ],
      ['num_turns', 'Int8', false],
      ['quality_score', 'Float32', true],
      ['quality_reason', 'Utf8', true],
    ]);
    const turn = RECORD_ARROW_SCHEMA.fields[9].type.children[0].type.children as { name: string; nullable: boolean }[];
    expect(turn.filter((f) => f.nullable).map((f) => f.name)).toEqual(['category', 'object', 'variant']);
    expect(RECORD_COLUMNS).toEqual([...METADATA_COLUMNS.slice(0, 1), ...IMAGE_COLUMNS, ...METADATA_COLUMNS.slice(1)]);
  });
});

describe('recordsToArrow / arrowToRecords', () => {
  it('round-trip records through Arrow IPC, with int64 as numbers and float32 as the shortest decimal', async () => {
    const records = await makeRecords(9, 'train');
    const batch = recordsToArrow({ records });
    expect(batch.numRows).toBe(9);
    expect(typeof batch.getChild('coco_id')!.get(0)).toBe('bigint');
    const table = tableFromIPC(tableToIPC(new Table([batch]), 'stream'));
    const back = arrowToRecords({ table, split: 'train' });
    expect(back).toEqual(records);
    expect(back.map((r) => r.quality_score)).toContain(3.7);
    expect(Object.keys(back[0])).toEqual(['id', 'split', 'image', 'mask', ...METADATA_COLUMNS.slice(1)]);
  });

  it('copies image bytes out of the batch buffer', async () => {
    const records = await makeRecords(2, 'train');
    const table = new Table([recordsToArrow({ records })]);
    const [a] = arrowToRecords({ table, split: 'train' });
    const inBatch = table.getChild('image')!.get(0)!.bytes as Uint8Array;
    expect(a.image.bytes).toEqual(inBatch);
    expect(a.image.bytes!.buffer).not.toBe(inBatch.buffer);
  });

  it('fills split from the params, and reads metadata without images', async () => {
    const records = await makeRecords(3, 'validation');
    const full = new Table([recordsToArrow({ records })]);
    const metaOnly = full.select(METADATA_COLUMNS as string[]);
    const metas = arrowToMetadata({ table: metaOnly, split: 'holdout' });
    expect(metas.map((m) => m.split)).toEqual(['holdout', 'holdout', 'holdout']);
    const { image: _image, mask: _mask, ...expected } = records[1];
    expect(metas[1]).toEqual({ ...expected, split: 'holdout' });
    expect(metas[1]).not.toHaveProperty('image');
  });

  it('prefers a split column, when a foreign table has one, over the split given', async () => {
    const records = await makeRecords(2, 'train');
    const base = new Table([recordsToArrow({ records })]);
    const { Utf8, vectorFromArray } = await import('apache-arrow');
    const columns = Object.fromEntries(base.schema.fields.map((f) => [f.name, base.getChild(f.name)!]));
    const table = new Table({ ...columns, split: vectorFromArray(['test', 'test'], new Utf8()) });
    expect(arrowToRecords({ table, split: 'train' }).map((r) => r.split)).toEqual(['test', 'test']);
  });

  it('throws a SchemaError with file, row, record id and zod path for a bad row', async () => {
    const records = await makeRecords(4, 'train');
    (records[2] as { base_type: string }).base_type = 'painted';
    const table = new Table([recordsToArrow({ records })]);
    const error = (() => {
      try {
        arrowToRecords({ table, split: 'train', file: 'data/train-00000-of-00001.parquet', firstRow: 100 });
      } catch (e) {
        return e as SchemaError;
      }
    })();
    expect(error).toBeInstanceOf(SchemaError);
    expect(error!.row).toBe(102);
    expect(error!.recordId).toBe('train-0002');
    expect(error!.issues[0].path).toEqual(['base_type']);
    expect(error!.message).toMatch(/^schema: file data\/train-00000-of-00001\.parquet, row 102, record train-0002: base_type: /);
  });
});
