import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DatasetError, DependencyError, DiffsegError, FormatError, HttpError, HubError, RleError, SchemaError, SourceError } from '../src/errors.js';
import { createSample, openDataset } from '../src/format/index.js';
import { useTfjsBackend } from '../src/metrics/index.js';
import { MetricsError } from '../src/metrics/metrics-error.js';
import { TransformError } from '../src/transforms/transform-error.js';
import { ResumeError } from '../src/stream/resume-error.js';

describe('errors', () => {
  it('every class takes one params object and keeps code, name, message and cause', () => {
    const cause = new Error('root');
    const cases: [DiffsegError, string, string, RegExp][] = [
      [new DiffsegError({ code: 'NOT_A_DATASET', message: 'dataset: x: no', cause }), 'DiffsegError', 'NOT_A_DATASET', /^dataset: x: no$/],
      [new ArgumentError({ message: 'loadSplit: bad', cause }), 'ArgumentError', 'INVALID_ARGUMENT', /^loadSplit: bad$/],
      [new RleError({ message: 'bad counts', cause }), 'RleError', 'RLE_INVALID', /^rle: bad counts$/],
      [new MetricsError({ message: 'bad label', cause }), 'MetricsError', 'METRICS_INVALID', /^metrics: bad label$/],
      [new SchemaError({ issues: [{ path: ['turns', 0, 'area'], message: 'is 3' }], file: 'f.parquet', row: 4, recordId: 'r' }), 'SchemaError', 'SCHEMA_INVALID', /^schema: file f\.parquet, row 4, record r: turns\.0\.area: is 3$/],
      [new FormatError({ module: 'parquet', file: 'f.parquet', rowGroup: 2, message: 'corrupt', cause }), 'FormatError', 'FORMAT_INVALID', /^parquet: f\.parquet, row group 2: corrupt$/],
      [new SourceError({ source: 'http://x/f', message: 'HTTP 500', cause }), 'SourceError', 'SOURCE_ERROR', /^source: http:\/\/x\/f: HTTP 500$/],
      [new HubError({ url: 'http://hub/api', status: 404, message: 'not found', cause }), 'HubError', 'HUB_ERROR', /^hub: http:\/\/hub\/api: not found$/],
      [new HttpError({ url: 'http://cdn/f', status: 500, range: [0, 10], message: 'gave up', cause }), 'HttpError', 'HTTP_ERROR', /^http: http:\/\/cdn\/f, bytes \[0, 10\): gave up$/],
      [new TransformError({ sampleId: 's1', transform: 'jpeg(60)', message: 'sizes differ', cause }), 'TransformError', 'TRANSFORM_INVALID', /sizes differ/],
      [new ResumeError({ field: 'revision', message: 'other data', cause }), 'ResumeError', 'RESUME_INVALID', /^loadSplit: resume: other data$/],
    ];
    for (const [error, name, code, message] of cases) {
      expect(error).toBeInstanceOf(DiffsegError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      if (!(error instanceof SchemaError)) expect(error.cause).toBe(cause);
    }
  });

  it('only SourceError carries SOURCE_ERROR, only HubError HUB_ERROR and only HttpError HTTP_ERROR (a retry layer branches on the class)', async () => {
    const root = join(import.meta.dirname, '..', 'src');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts') && f !== 'errors.ts');
    const offenders: string[] = [];
    for (const f of files) {
      const text = await readFile(join(root, f), 'utf8');
      if (/code:\s*'(SOURCE_ERROR|HUB_ERROR|HTTP_ERROR)'/.test(text)) offenders.push(f);
    }
    expect(offenders).toEqual([]);
    // An HttpError says what went wrong apart from where, for the layer that wraps it; redacted too.
    const http = new HttpError({ url: 'http://cdn/f', message: 'echoed Bearer hf_abcdefghijklmnopqrstuvwx' });
    expect(http.reason).toBe('echoed Bearer [redacted]');
    expect(http.message).toBe(`http: http://cdn/f: ${http.reason}`);
    // FormatError cannot even be given the code by type; at run time the override is limited too.
    expect(new FormatError({ module: 'image', file: 'a.png', message: 'x', code: 'IMAGE_INVALID' }).code).toBe('IMAGE_INVALID');
  });
});

describe('structured error context', () => {
  it('renders the message from module, context and reason, and keeps each as a field', () => {
    const error = new FormatError({ module: 'parquet', file: 'data/a.parquet', rowGroup: 3, row: 7, message: 'corrupt page' });
    expect(error.message).toBe('parquet: data/a.parquet, row group 3, row 7: corrupt page');
    expect(error.module).toBe('parquet');
    expect(error.context).toEqual({ file: 'data/a.parquet', rowGroup: 3, row: 7 });
    expect(error.reason).toBe('corrupt page');
    const metrics = new MetricsError({ message: 'bad label', context: { verb: 'eval', file: 'p/x.png', image: 'x' } });
    expect(metrics.message).toBe('metrics: eval: p/x.png, image x: bad label');
  });

  it('within() adds where as fields: same class, code and fields, the message rendered again, the original as cause', () => {
    const inner = new RleError({ message: 'counts run past the mask', context: { turn: 1 } });
    expect(inner.message).toBe('rle: turn 1: counts run past the mask');
    const outer = inner.within({ file: 'data/v.parquet', record: 'r7', turn: 9 });
    expect(outer).toBeInstanceOf(RleError);
    expect(outer.code).toBe('RLE_INVALID');
    // A field the inner error knew stays as it was (turn 1, not 9).
    expect(outer.context).toEqual({ file: 'data/v.parquet', record: 'r7', turn: 1 });
    expect(outer.message).toBe('rle: data/v.parquet, record r7, turn 1: counts run past the mask');
    expect(outer.reason).toBe(inner.reason);
    expect(outer.cause).toBe(inner);
    expect(inner.message).toBe('rle: turn 1: counts run past the mask'); // untouched
    const format = new FormatError({ module: 'image', file: 'm.png', code: 'IMAGE_INVALID', message: 'truncated' }).within({ record: 'r1' });
    expect(format).toBeInstanceOf(FormatError);
    expect([format.code, format.file, format.message]).toEqual(['IMAGE_INVALID', 'm.png', 'image: m.png, record r1: truncated']);
  });

  it('a bad turn RLE read through a sample names the file, record and turn as fields', async () => {
    const sample = createSample({
      record: { id: 'r1', split: 'train', width: 4, height: 4, base_type: 'real', base_generator: null, coco_id: null, base_prompt: null, num_turns: 1, quality_score: null, quality_reason: null, turns: [{ index: 0, generator: 'sd2', label: 1, edit_type: 'addition', prompt: '', category: null, object: null, mask_rle: '99', area: 0, bbox: [0, 0, 0, 0] }] },
      file: 'data/train-00000-of-00001.parquet',
    });
    const error = (() => {
      try {
        sample.turnMask(0);
      } catch (e) {
        return e as RleError;
      }
    })()!;
    expect(error).toBeInstanceOf(RleError);
    expect(error.context).toEqual({ file: 'data/train-00000-of-00001.parquet', record: 'r1', turn: 0 });
    expect(error.message).toMatch(/^rle: data\/train-00000-of-00001\.parquet, record r1, turn 0: /);
    expect(error.cause).toBeInstanceOf(RleError);
    const composed = await sample.labelMap().catch((e) => e);
    expect(composed).toBeInstanceOf(RleError);
    expect(composed.context).toEqual({ file: 'data/train-00000-of-00001.parquet', record: 'r1', turn: 0 });
  });

  it('every code has a class: NOT_A_DATASET and SPLIT_NOT_FOUND are DatasetErrors, DEPENDENCY_MISSING a DependencyError', async () => {
    const missing = await openDataset({ source: '/nonexistent/diffseg30k-dataset' }).catch((e) => e);
    expect(missing).toBeInstanceOf(DatasetError);
    expect([missing.code, missing.source]).toEqual(['NOT_A_DATASET', '/nonexistent/diffseg30k-dataset']);
    expect(missing.message).toMatch(/^dataset: \/nonexistent\/diffseg30k-dataset: not a dataset: it does not exist$/);
    const split = await openDataset({ source: 'samples' }).then((d) => d.split('nope')).catch((e) => e);
    expect(split).toBeInstanceOf(DatasetError);
    expect(split.code).toBe('SPLIT_NOT_FOUND');
    const backend = await useTfjsBackend({ backend: 'webgpu' }).catch((e) => e);
    expect(backend).toBeInstanceOf(DependencyError);
    expect(backend.code).toBe('DEPENDENCY_MISSING');
    expect(backend.dependency).toMatch(/tfjs-backend-webgpu/);
    // The union of codes has no code without a class that carries it.
    const source = await readFile(new URL('../src/errors.ts', import.meta.url), 'utf8');
    const codes = [...source.slice(source.indexOf('export type DiffsegErrorCode'), source.indexOf(';', source.indexOf('export type DiffsegErrorCode'))).matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    const all = await Promise.all((await readdir(new URL('../src', import.meta.url), { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => readFile(new URL(`../src/${f}`, import.meta.url), 'utf8')));
    const generic = all.join('\n').match(/new DiffsegError\(\{ code: '([A-Z_]+)'/g) ?? [];
    expect(generic, 'codes thrown as a bare DiffsegError').toEqual([]);
    expect(codes.length).toBeGreaterThan(15);
  });
});
