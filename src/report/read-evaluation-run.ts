import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArgumentError, FormatError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import type { PaperMetric } from './paper-results.js';
import { GENERATORS } from '../schema/labels.js';

/** One run of `eval --json`, reduced to what the paper's tables show. */
export interface EvaluationRun {
  /** Row label (the file name without `.json`, unless given). */
  label: string;
  /** The file it was read from. */
  file: string;
  /** The run's boundary-F1 convention (`bfscore`, `davis`). */
  boundary: string;
  /** Images scored. */
  images: number;
  /** The generators whose masks alone were scored (`eval --generators`), or undefined when every generator's were. */
  generators?: string[];
  /** Overall numbers by metric; null where the run scored it but it is undefined, absent where the run did not score it. */
  values: Partial<Record<PaperMetric, number | null>>;
}

/** An eval JSON is a few hundred kilobytes; anything far larger is not one, and is not read whole. */
const MAX_BYTES = 64 * 1024 * 1024;

const METRICS: readonly [PaperMetric, 'binary' | 'semantic' | 'detection', string][] = [
  ['binary.accuracy', 'binary', 'accuracy'],
  ['binary.miou', 'binary', 'miou'],
  ['binary.bf1', 'binary', 'bf1'],
  ['semantic.accuracy', 'semantic', 'accuracy'],
  ['semantic.miou', 'semantic', 'miou'],
  ['semantic.bf1', 'semantic', 'bf1'],
  ['detection.accuracy', 'detection', 'accuracy'],
  ['detection.ap', 'detection', 'ap'],
];

/**
 * Reads the JSON that `diffseg30k eval --json` writes and keeps its overall numbers under the
 * paper's metric names, for `paperTable`. Every number is checked: a file that is not an eval
 * report, or holds a score that is not a number in [0, 1] or null, is refused with its path and
 * the field.
 * @param params.label - the row's label. @default the file name without `.json`
 * @throws {FormatError} naming the file and the field for anything that is not an eval report;
 *   {@link ArgumentError} for a file that cannot be read.
 * @example
 * const run = await readEvaluationRun({ path: 'jpeg60.json' }); // run.values['semantic.miou']
 */
export async function readEvaluationRun(params: { path: string; label?: string }): Promise<EvaluationRun> {
  const { path, label } = checkParams('readEvaluationRun', params, ['path', 'label']);
  const refuse = (message: string, cause?: unknown): never => {
    throw new FormatError({ module: 'table', file: path, message, cause });
  };
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_BYTES) refuse(`${size} bytes: not an eval --json report (those are far smaller than ${MAX_BYTES / 1024 / 1024} MiB)`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new ArgumentError({ message: `readEvaluationRun: cannot read ${path}: ${(error as Error).message}`, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    refuse(`not JSON: ${(error as Error).message}`, error);
  }
  const object = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!object(json) || !object(json.overall)) refuse("not an eval --json report: no 'overall' object (write one with diffseg30k eval … --json FILE)");
  const report = json as { overall: Record<string, unknown>; boundary?: unknown; images?: unknown };
  if (typeof report.boundary !== 'string') refuse("no 'boundary' convention: not an eval --json report");
  if (typeof report.images !== 'number' || !Number.isInteger(report.images) || report.images < 1) refuse(`'images' must be a positive integer, got ${JSON.stringify(report.images)}`);
  let generators: string[] | undefined;
  const listed = (json as { generators?: unknown }).generators;
  if (listed !== undefined) {
    if (!Array.isArray(listed) || listed.length === 0 || !listed.every((g: unknown) => typeof g === 'string' && (GENERATORS as readonly string[]).includes(g))) {
      refuse(`'generators' must be a non-empty list of generator names, got ${String(JSON.stringify(listed)).slice(0, 200)}`);
    }
    generators = listed as string[];
  }
  const values: EvaluationRun['values'] = {};
  for (const [metric, part, field] of METRICS) {
    const section = report.overall[part];
    if (section === undefined) continue;
    if (!object(section)) refuse(`'overall.${part}' is not an object`);
    const value = (section as Record<string, unknown>)[field];
    if (value !== null && (typeof value !== 'number' || !(value >= 0 && value <= 1))) refuse(`'overall.${part}.${field}' must be a score in [0, 1] or null, got ${JSON.stringify(value)}`);
    values[metric] = value as number | null;
  }
  return { label: label ?? basename(path).replace(/\.json$/i, ''), file: path, boundary: report.boundary as string, images: report.images as number, ...(generators && { generators }), values };
}
