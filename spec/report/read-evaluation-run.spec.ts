import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { evaluatePredictions } from '../../src/metrics/evaluate-predictions.js';
import { readEvaluationRun } from '../../src/report/read-evaluation-run.js';
import { loadSplit } from '../../src/stream/load-split.js';

let dir: string;
let report: Awaited<ReturnType<typeof evaluatePredictions>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-run-'));
  const items = [];
  for await (const s of loadSplit('validation', { source: 'samples', limit: 4 })) {
    const gt = await s.labelMap();
    items.push({ record: s, gt, pred: gt.map((v) => (v === 255 ? 0 : v === 3 ? 6 : v)), score: items.length / 4 });
  }
  report = await evaluatePredictions({ items, detection: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = async (name: string, json: unknown) => {
  const path = join(dir, name);
  await writeFile(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
};

describe('readEvaluationRun', () => {
  it("keeps an eval report's overall numbers under the paper's metric names", async () => {
    const path = await write('jpeg60.json', { tool: 'diffseg30k eval', version: 1, ...report });
    const run = await readEvaluationRun({ path });
    const o = report.overall;
    expect(run).toEqual({
      label: 'jpeg60',
      file: path,
      boundary: 'bfscore',
      images: 4,
      values: {
        'binary.accuracy': o.binary!.accuracy,
        'binary.miou': o.binary!.miou,
        'binary.bf1': o.binary!.bf1,
        'semantic.accuracy': o.semantic!.accuracy,
        'semantic.miou': o.semantic!.miou,
        'semantic.bf1': o.semantic!.bf1,
        'detection.accuracy': o.detection!.accuracy,
        'detection.ap': o.detection!.ap,
      },
    });
    expect((await readEvaluationRun({ path, label: 'JPEG 60' })).label).toBe('JPEG 60');
  });

  it('keeps the generators a run scored alone (eval --generators), and none when it scored all', async () => {
    expect((await readEvaluationRun({ path: await write('all.json', report) })).generators).toBeUndefined();
    expect((await readEvaluationRun({ path: await write('sdxl.json', { ...report, generators: ['sdxl'] }) })).generators).toEqual(['sdxl']);
  });

  it('leaves out a task the run did not score', async () => {
    const { semantic: _, detection: __, ...overall } = report.overall;
    const run = await readEvaluationRun({ path: await write('binary.json', { ...report, overall }) });
    expect(Object.keys(run.values)).toEqual(['binary.accuracy', 'binary.miou', 'binary.bf1']);
  });

  it('refuses what is not an eval report, naming the file and the field', async () => {
    const cases: [unknown, RegExp][] = [
      ['{ not json', /not JSON/],
      [[1, 2], /no 'overall' object/],
      [{ ...report, boundary: 3 }, /no 'boundary'/],
      [{ ...report, images: 0 }, /'images' must be a positive integer, got 0/],
      [{ ...report, overall: { ...report.overall, binary: { ...report.overall.binary, miou: 1.5 } } }, /'overall\.binary\.miou' must be a score in \[0, 1\] or null, got 1\.5/],
      [{ ...report, overall: { ...report.overall, semantic: { ...report.overall.semantic, bf1: '0.9' } } }, /'overall\.semantic\.bf1' .* got "0\.9"/],
      [{ ...report, overall: { ...report.overall, detection: [] } }, /'overall\.detection' is not an object/],
      [{ ...report, generators: [] }, /'generators' must be a non-empty list of generator names, got \[\]/],
      [{ ...report, generators: ['sdxl', 'dall-e'] }, /'generators' must be a non-empty list of generator names, got \["sdxl","dall-e"\]/],
    ];
    for (const [i, [json, message]] of cases.entries()) {
      const path = await write(`bad-${i}.json`, json);
      const error = await readEvaluationRun({ path }).catch((e: unknown) => e);
      expect(error, String(i)).toBeInstanceOf(FormatError);
      expect((error as FormatError).file).toBe(path);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('does not read a huge file whole, and names a missing one', async () => {
    const path = join(dir, 'huge.json');
    await writeFile(path, '');
    await truncate(path, 65 * 1024 * 1024);
    await expect(readEvaluationRun({ path })).rejects.toThrow(/68157440 bytes: not an eval --json report/);
    await expect(readEvaluationRun({ path: join(dir, 'nope.json') })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/cannot read .*nope\.json/) });
  });
});
