/**
 * A turn's `variant` (an edit by a variant of its generator, such as SDXL with a LoRA: the
 * paper's Table 4) against the real peer, both ways: Python's `datasets` loads a dataset that
 * writeDataset wrote and sees each turn's variant, with the parent generator's label; and a shard
 * that `datasets` wrote, its `variant` field placed where Python put it, reads here as Python
 * wrote it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDataset } from '../../src/index.js';
import { openShard } from '../../src/format/index.js';
import { fromFile } from '../../src/io/index.js';
import { findPython, runPython } from '../helpers/python.js';
import { makeRecords, tempDir } from './helpers.js';

const python = findPython(['datasets', 'pyarrow']);

describe.skipIf(!python.ok)('turn variants with Python datasets', () => {
  const py = python.ok ? python.path : '';

  it('load_dataset reads the variant of every turn writeDataset wrote, labelled as its parent generator', async () => {
    const dir = await tempDir();
    const records = await makeRecords(10, 'validation');
    expect(records.flatMap((r) => r.turns).some((t) => t.variant === 'hyper-sd-8step')).toBe(true);
    await writeDataset({ out: dir, splits: { validation: records } });
    const out = await runPython(
      py,
      `
import json, sys, tempfile
from datasets import load_dataset
with tempfile.TemporaryDirectory() as cache:
    ds = load_dataset(sys.argv[1], split='validation', cache_dir=cache)
    turns = ds.features['turns']
    element = turns.feature if hasattr(turns, 'feature') else turns[0]
    print(json.dumps({
        'variant_feature': repr(element['variant']),
        'rows': [[ds[i]['id'], [[t['generator'], t['label'], t['variant']] for t in ds[i]['turns']]] for i in range(len(ds))],
    }))
`,
      [dir],
    );
    const seen = JSON.parse(out.trim().split('\n').pop()!) as { variant_feature: string; rows: [string, [string, number, string | null][]][] };
    expect(seen.variant_feature).toMatch(/Value\(.*string/);
    expect(seen.rows).toEqual(records.map((r) => [r.id, r.turns.map((t) => [t.generator, t.label, t.variant ?? null])]));
  });

  it('reads a shard datasets wrote, with variant where Python put it, as Python wrote it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'validation-00000-of-00001.parquet');
    await runPython(
      py,
      `
import io, sys
from PIL import Image
from datasets import Dataset, Features, Image as HfImage, List, Value
def png(mode, size, value):
    b = io.BytesIO(); Image.new(mode, size, value).save(b, format='PNG'); return b.getvalue()
turn = {'index': Value('int8'), 'generator': Value('string'), 'variant': Value('string'), 'label': Value('int8'),
        'edit_type': Value('string'), 'prompt': Value('string'), 'category': Value('string'), 'object': Value('string'),
        'mask_rle': Value('string'), 'area': Value('int32'), 'bbox': List(Value('int32'))}
features = Features({'id': Value('string'), 'image': HfImage(), 'mask': HfImage(), 'width': Value('int32'), 'height': Value('int32'),
    'base_type': Value('string'), 'base_generator': Value('string'), 'coco_id': Value('int64'), 'base_prompt': Value('string'),
    'turns': List(turn), 'num_turns': Value('int8'), 'quality_score': Value('float32'), 'quality_reason': Value('string')})
def t(index, variant, rle, area, bbox):
    return {'index': index, 'generator': 'sdxl', 'variant': variant, 'label': 3, 'edit_type': 'attribute', 'prompt': 'p',
            'category': None, 'object': None, 'mask_rle': rle, 'area': area, 'bbox': bbox}
mask = Image.new('L', (2, 2), 0); mask.putpixel((0, 0), 3); mask.putpixel((1, 1), 3)
mb = io.BytesIO(); mask.save(mb, format='PNG')
rows = [{'id': 'lora-0', 'image': {'bytes': png('RGB', (2, 2), (9, 9, 9)), 'path': None}, 'mask': {'bytes': mb.getvalue(), 'path': None},
         'width': 2, 'height': 2, 'base_type': 'real', 'base_generator': None, 'coco_id': 7, 'base_prompt': None,
         'turns': [t(0, None, '013', 1, [0, 0, 1, 1]), t(1, 'hyper-sd-8step', '31', 1, [1, 1, 1, 1])],
         'num_turns': 2, 'quality_score': 4.0, 'quality_reason': None}]
Dataset.from_list(rows, features=features).to_parquet(sys.argv[1])
`,
      [path],
    );
    const shard = await openShard({ byteSource: await fromFile({ path }), split: 'validation' });
    expect(shard.isDiffseg).toBe(true);
    const [record] = await shard.readMetadata(0);
    expect(record.turns?.map((turn) => [turn.generator, turn.label, turn.variant])).toEqual([
      ['sdxl', 3, null],
      ['sdxl', 3, 'hyper-sd-8step'],
    ]);
  });
});
