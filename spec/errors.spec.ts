import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DiffsegError, FormatError, HttpError, HubError, RleError, SchemaError, SourceError } from '../src/errors.js';
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
