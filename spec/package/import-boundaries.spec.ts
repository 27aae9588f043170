import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise, type IViolation } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The import-boundary check `npm test` runs (`npm run check:imports`), exercised on the real tree
// and on copies with one violation planted, so a broken rule cannot pass silently.

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'diffseg-boundaries-'));
  await cp(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
  await cp(join(ROOT, 'tsconfig.json'), join(copy, 'tsconfig.json'));
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

async function violations(cwd: string): Promise<IViolation[]> {
  const config = require(join(ROOT, '.dependency-cruiser.cjs'));
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const result = await cruise(['src'], { ruleSet: config, validate: true, ...config.options, tsConfig: { fileName: join(cwd, 'tsconfig.json') } });
    return typeof result.output === 'string' ? [] : result.output.summary.violations;
  } finally {
    process.chdir(previous);
  }
}

async function plant(file: string, line: string): Promise<() => Promise<void>> {
  const path = join(copy, 'src', file);
  const before = await readFile(path, 'utf8');
  await writeFile(path, `${line}\n${before}`);
  return () => writeFile(path, before);
}

describe('import boundaries', () => {
  it('hold on the source tree', async () => {
    expect((await violations(ROOT)).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('catch a leaf reaching up (schema/ importing the stream layer)', async () => {
    const undo = await plant('schema/labels.ts', "import '../stream/load-split.js';");
    try {
      const found = await violations(copy);
      expect(found.map((v) => v.rule.name)).toContain('layer-schema');
      expect(found.some((v) => v.from === 'src/schema/labels.ts' && v.to === 'src/stream/load-split.ts')).toBe(true);
    } finally {
      await undo();
    }
  });

  it('catch a module-level cycle and a sibling import', async () => {
    const undoCycle = await plant('mask/rle-area.ts', "import './rle-bbox.js';");
    const undoCycle2 = await plant('mask/rle-bbox.ts', "import './rle-area.js';");
    const undoSibling = await plant('metrics/to-binary-labels.ts', "import '../transforms/flip.js';");
    try {
      const names = (await violations(copy)).map((v) => v.rule.name);
      expect(names).toContain('no-circular');
      expect(names).toContain('layer-metrics');
    } finally {
      await undoCycle();
      await undoCycle2();
      await undoSibling();
    }
  });

  it('keep the rooms of a dataset one-way: card/ below parquet/ below format/', async () => {
    const undoParquet = await plant('parquet/thrift.ts', "import '../format/open-dataset.js';");
    const undoCard = await plant('card/parse-dataset-card.ts', "import '../parquet/arrow.js';");
    try {
      const found = await violations(copy);
      expect(found.some((v) => v.rule.name === 'layer-parquet' && v.from === 'src/parquet/thrift.ts' && v.to === 'src/format/open-dataset.ts')).toBe(true);
      expect(found.some((v) => v.rule.name === 'layer-card' && v.from === 'src/card/parse-dataset-card.ts' && v.to === 'src/parquet/arrow.ts')).toBe(true);
    } finally {
      await undoParquet();
      await undoCard();
    }
  });

  it('keep schema/ free of I/O and native dependencies', async () => {
    const undo = await plant('schema/record.ts', "import 'sharp';");
    try {
      expect((await violations(copy)).map((v) => v.rule.name)).toContain('schema-is-pure');
    } finally {
      await undo();
    }
  });
});
