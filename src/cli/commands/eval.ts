import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeLabelMap } from '../../codec/decode-label-map.js';
import {
  EVALUATION_GROUPINGS,
  type EvaluationGrouping,
  type EvaluationItem,
  type EvaluationReport,
  type EvaluationTask,
  type GroupReport,
  evaluatePredictions,
} from '../../metrics/evaluate-predictions.js';
import type { BoundaryConvention } from '../../metrics/image-stats.js';
import { MetricsError } from '../../metrics/metrics-error.js';
import { ArgumentError, DiffsegError, OutputError } from '../../errors.js';
import { HOLDOUT_PRESETS, type HeldOut, type HoldoutPreset } from '../../splits/holdout-presets.js';
import { resolveHoldout } from '../../splits/resolve-holdout.js';
import { GENERATORS, NUM_CLASSES, type Generator } from '../../schema/labels.js';
import { closest } from '../../internal/check-params.js';
import { keepGenerators } from '../../metrics/keep-generators.js';
import type { Sample } from '../../schema/sample.js';
import { loadSplit } from '../../stream/load-split.js';
import { trackImages } from '../../report/track-images.js';
import { writeEvaluationReport } from '../../report/write-evaluation-report.js';
import { DATA_OPTION, datasetArgument, datasetName } from '../dataset-argument.js';
import { progressBar } from '../progress-bar.js';
import { type Command, type CommandIo, EXIT, parseCommandArgs, UsageError } from '../command.js';

const TASKS = ['binary', 'semantic', 'both'] as const;

const HELP = `Usage: diffseg30k eval --data <dataset dir | samples> --pred <dir> [options]

Scores predicted label maps against a split's ground truth with the paper's metrics
(docs/metrics.md): pixel accuracy, mIoU and boundary F1 for binary localization (any edit vs
none) and for semantic attribution (9 classes), per-class IoU and bF1 under generator names,
and — with --scores — image-level detection accuracy and AP.

Predictions are PNG label maps named <id>.png (0 background, 1..8 generators; for the binary
task 0/1 also works): 8-bit greyscale, palette (the index is the id, as PIL's mode P), 16-bit
(ids, or ids × 257) or RGB with equal channels. Colour-coded RGB maps and JPEGs are refused.

Options:
  --data <dir|samples>     dataset directory, or 'samples' for the bundled synthetic dataset
  --split <name>           split to evaluate (default: validation; 'val' is accepted)
  --pred <dir>             directory of <id>.png predictions
  --task <t>               binary | semantic | both (default: both)
  --scores <csv>           lines 'id,score' (optional header 'id,…'): adds detection Acc and AP;
                           an image is positive when it has at least one edit
  --threshold <x>          detection threshold, score > x is positive (default: 0.5)
  --by <dim>               also report per group of num_turns | generator | variant |
                           edit_type | base_type (repeatable; an image with turns by two
                           generators counts in both generator groups; unedited images form
                           the group 'none'; variant groups are e.g. sdxl and sdxl:hyper-sd-8step)
  --holdout <h>            score the test side of a cross-generator holdout (Table 5): only the
                           images with an edit by a held-out generator; a preset
                           (flux.1+hunyuandit-1.1, sd2+sd3.5, glide+kolors) or generators,
                           comma-separated (with --split train: the train side)
  --generators <names>     score only the masks of these generators, comma-separated (e.g. sdxl:
                           the paper's Table 4); other generators' pixels are ignored, and the
                           semantic mIoU and bF1 are means over these generators only
  --missing <policy>       error | background: a missing prediction is an error naming the id
                           (default), or scored as an all-background map
  --boundary <c>           boundary-F1 convention: bfscore (MATLAB bfscore, the default) or davis
                           (the DAVIS benchmark's db_eval_boundary); the tables name it
  --tolerance <px>         boundary-F1 tolerance in pixels (default: bfscore 0.0075 × image
                           diagonal, davis ceil(0.008 × diagonal))
  --workers <n>            spread the metric work over n worker threads (same result)
  --limit <n>              evaluate only the first n images
  --json <file>            write every number (confusion matrices included) as JSON
  --report <dir>           write report.html (self-contained: opens from disk) and its figures as
                           SVG and PNG: the Table 2 block, per-class IoU/bF1, Figure 5 (confusion
                           heatmap), Figure 6 (worst, best and random images), --by breakdowns,
                           and with --scores the PR curve (docs/report.md)
  --panels <n>             images in each Figure 6 group of --report (default: 4)
  --seed <n>               seed of Figure 6's random group (default: 0)
  -h, --help               this help

Exit codes: 0 ok, 1 a data problem (missing or mis-sized prediction, bad label), 2 usage.
`;

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '  —  ' : v.toFixed(3));

function positiveNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} must be a positive ${integer ? 'integer' : 'number'}, got '${value}'`);
  return n;
}

/**
 * Parses `id,score` lines. A first line is a header only when its first field is `id` (any case):
 * any other line that does not parse is an error naming it, never silently skipped.
 */
async function readScores(path: string): Promise<Map<string, number>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--scores: cannot read ${path}: ${(error as Error).message}`);
  }
  const scores = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const comma = line.lastIndexOf(',');
    const id = line.slice(0, comma).trim().replace(/^"(.*)"$/, '$1');
    const field = line.slice(comma + 1).trim();
    const score = field === '' ? Number.NaN : Number(field);
    if (comma < 0 || !Number.isFinite(score)) {
      if (i === 0 && comma >= 0 && id.toLowerCase() === 'id') return; // header
      throw new MetricsError({
        context: { verb: 'eval', file: path, line: i + 1 },
        message: `expected 'id,score' with a finite score, got '${line}'${i === 0 ? " (a header line must start with 'id,')" : ''}`,
      });
    }
    if (scores.has(id)) throw new MetricsError({ context: { verb: 'eval', file: path, line: i + 1 }, message: `duplicate id ${id}` });
    scores.set(id, score);
  });
  return scores;
}

/** The prediction of one image as a label map, or undefined when its file is missing. */
async function readPrediction(dir: string, sample: Sample): Promise<Uint8Array | undefined> {
  const path = resolve(dir, `${sample.id}.png`);
  let bytes: Buffer;
  try {
    // Synchronous: a prediction is a small local file, read in tens of microseconds, where the
    // promise API's open/stat/read/close thread-pool round trips cost about a millisecond an
    // image on a busy machine (measured with bench/eval.ts) — more than decoding it.
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MetricsError({ context: { verb: 'eval', file: path, image: sample.id }, message: `cannot read the prediction: ${(error as Error).message}`, cause: error });
  }
  try {
    return await decodeLabelMap({ bytes, name: path, width: sample.width, height: sample.height });
  } catch (error) {
    const reason = error instanceof DiffsegError ? error.reason : (error as Error).message;
    throw new MetricsError({ context: { verb: 'eval', file: path, image: sample.id }, message: reason, cause: error });
  }
}

/** `--holdout glide+kolors` (a preset) or `--holdout sdxl,kolors`: the generators held out, checked. */
function parseHoldout(flag: string | undefined): Generator[] | undefined {
  if (flag === undefined) return undefined;
  // `a+b` names a preset (a typo there is an unknown preset, not an unknown generator).
  const heldOut: HeldOut = Object.hasOwn(HOLDOUT_PRESETS, flag) || flag.includes('+') ? (flag as HoldoutPreset) : (flag.split(',').map((g) => g.trim()) as Generator[]);
  try {
    return resolveHoldout(heldOut);
  } catch (error) {
    if (error instanceof ArgumentError) throw new UsageError(`--holdout: ${error.reason.replace(/^splits: /, '')}`);
    throw error;
  }
}

/** `--generators sdxl,flux.1 --generators kolors`: the generators named, each checked. */
function parseGenerators(flags: string[] | undefined): Generator[] | undefined {
  if (flags === undefined) return undefined;
  const names = flags.flatMap((f) => f.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new UsageError('--generators needs at least one generator name');
  for (const name of names) {
    if (!(GENERATORS as readonly string[]).includes(name)) {
      const near = closest(name, GENERATORS);
      throw new UsageError(`--generators: unknown generator '${name}'${near ? `; did you mean '${near}'?` : `; the generators are ${GENERATORS.join(', ')}`}`);
    }
  }
  return GENERATORS.filter((g) => names.includes(g));
}

/** Names the boundary-F1 convention in every table header, so a number is never quoted without it. */
const conventionLabel = (boundary: BoundaryConvention) => `bF1 convention: ${boundary}`;

/** One table shaped like the paper's Table 2: a row per group, Acc/mIoU/bF1 per task. */
function table(rows: { name: string; group: GroupReport }[], tasks: EvaluationTask[], title: string, boundary: BoundaryConvention): string {
  const labels = rows.map(({ name, group }) => `${name} (${group.images})`);
  const first = Math.max(24, title.length + 2, conventionLabel(boundary).length + 2, ...labels.map((l) => l.length + 2));
  const head1 = title.padEnd(first) + tasks.map((t) => (t === 'binary' ? 'Binary segmentation' : 'Semantic segmentation').padEnd(24)).join('');
  const head2 = conventionLabel(boundary).padEnd(first) + tasks.map(() => 'Acc    mIoU   bF1'.padEnd(24)).join('');
  const lines = rows.map(({ group }, i) => {
    const cells = tasks.map((t) => {
      const r = group[t];
      return `${fmt(r?.accuracy)}  ${fmt(r?.miou)}  ${fmt(r?.bf1)}`.padEnd(24);
    });
    return `${labels[i].padEnd(first)}${cells.join('')}`;
  });
  return [head1.trimEnd(), head2.trimEnd(), ...lines.map((l) => l.trimEnd())].join('\n');
}

/** The report as the terminal shows it. */
function render(report: EvaluationReport, heading: string, threshold: number): string {
  const { overall, tasks, boundary } = report;
  const out = [heading, '', table([{ name: 'all', group: overall }], tasks, '', boundary)];
  if (overall.semantic) {
    const r = overall.semantic;
    out.push('', `${'Per class (semantic)'.padEnd(24)}IoU    bF1 (${boundary})`);
    for (let c = 1; c < NUM_CLASSES; c++) out.push(`${r.classNames[c].padEnd(24)}${fmt(r.iou[c])}  ${fmt(r.bf1PerClass[c])}`);
    out.push(`${'(background)'.padEnd(24)}${fmt(r.iou[0])}`);
  }
  if (overall.detection) {
    const d = overall.detection;
    out.push('', `Detection (score > ${threshold}): Acc ${fmt(d.accuracy)}  AP ${fmt(d.ap)}  (${d.images} images, ${d.positives} edited)`);
  }
  for (const [by, groups] of Object.entries(report.groups)) {
    const rows = Object.entries(groups).map(([name, group]) => ({ name, group }));
    out.push('', table(rows, tasks, `By ${by}`, boundary));
    for (const { name, group } of rows) if (group.detection) out.push(`  ${by} ${name}: detection Acc ${fmt(group.detection.accuracy)}  AP ${fmt(group.detection.ap)}`);
  }
  return `${out.join('\n')}\n`;
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      ...DATA_OPTION,
      split: { type: 'string', default: 'validation' },
      pred: { type: 'string' },
      task: { type: 'string', default: 'both' },
      scores: { type: 'string' },
      threshold: { type: 'string' },
      by: { type: 'string', multiple: true },
      generators: { type: 'string', multiple: true },
      holdout: { type: 'string' },
      missing: { type: 'string', default: 'error' },
      boundary: { type: 'string', default: 'bfscore' },
      tolerance: { type: 'string' },
      workers: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'string' },
      report: { type: 'string' },
      panels: { type: 'string' },
      seed: { type: 'string' },
    },
    true,
  );
  const { values } = parsed;
  const data = datasetArgument(parsed);
  const predFlag = values.pred as string | undefined;
  if (!predFlag) throw new UsageError('--pred is required (a directory of <id>.png label maps)');
  const predDir = resolve(io.cwd, predFlag);
  if (!existsSync(predDir) || !statSync(predDir).isDirectory()) throw new UsageError(`--pred: ${predDir} is not a directory`);
  const task = values.task as string;
  if (!(TASKS as readonly string[]).includes(task)) throw new UsageError(`--task must be binary, semantic or both, got '${task}'`);
  const tasks: EvaluationTask[] = task === 'both' ? ['binary', 'semantic'] : [task as EvaluationTask];
  const missing = values.missing as string;
  if (missing !== 'error' && missing !== 'background') throw new UsageError(`--missing must be error or background, got '${missing}'`);
  const by = ((values.by as string[] | undefined) ?? []).map((b) => {
    if (!(EVALUATION_GROUPINGS as readonly string[]).includes(b)) throw new UsageError(`--by must be one of ${EVALUATION_GROUPINGS.join(', ')}, got '${b}'`);
    return b as EvaluationGrouping;
  });
  const generators = parseGenerators(values.generators as string[] | undefined);
  const holdout = parseHoldout(values.holdout as string | undefined);
  const boundary = values.boundary as string;
  if (boundary !== 'bfscore' && boundary !== 'davis') throw new UsageError(`--boundary must be bfscore or davis, got '${boundary}'`);
  const boundaryTolerance = positiveNumber(values.tolerance as string | undefined, '--tolerance', false);
  const workers = positiveNumber(values.workers as string | undefined, '--workers', true);
  const limit = positiveNumber(values.limit as string | undefined, '--limit', true);
  const thresholdText = values.threshold as string | undefined;
  const threshold = thresholdText === undefined ? 0.5 : Number(thresholdText);
  if (!Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number, got '${thresholdText}'`);
  const scores = values.scores ? await readScores(resolve(io.cwd, values.scores as string)) : undefined;
  const split = values.split as string;
  const panels = values.panels === '0' ? 0 : positiveNumber(values.panels as string | undefined, '--panels', true);
  const seed = values.seed === '0' ? 0 : positiveNumber(values.seed as string | undefined, '--seed', true);

  // A total for the progress bar costs a metadata pass: only worth it on a terminal.
  let total: number | undefined;
  if (io.isTTY) {
    total = 0;
    for await (const _ of loadSplit(split, { source: data, cwd: io.cwd, metadataOnly: true, limit, rank: 0, worldSize: 1, holdout })) total++;
  }
  const bar = progressBar({ io, label: 'eval', total });
  const missingIds: string[] = [];
  async function* items(): AsyncGenerator<EvaluationItem> {
    // prefetch 0: the loader would decode every image ahead, and eval reads only label maps
    // (a sharp or zlib decode of each image wasted: a fifth of eval's time at 256²).
    for await (const sample of loadSplit(split, { source: data, cwd: io.cwd, limit, rank: 0, worldSize: 1, holdout, prefetch: 0 })) {
      const gt = await sample.labelMap();
      let pred = await readPrediction(predDir, sample);
      if (pred === undefined) {
        if (missing === 'error') throw new MetricsError({ context: { verb: 'eval', image: sample.id }, message: `no prediction ${resolve(predDir, `${sample.id}.png`)} (use --missing background to score it as all background)` });
        missingIds.push(sample.id);
        pred = new Uint8Array(gt.length);
      }
      let score: number | undefined;
      if (scores) {
        score = scores.get(sample.id);
        if (score === undefined) throw new MetricsError({ context: { verb: 'eval', image: sample.id }, message: `no score in ${values.scores}` });
      }
      // Restricted here too (evaluatePredictions does it again, idempotently) so that Figure 6
      // ranks images by the same truth the tables score.
      yield { record: sample, ...(generators ? keepGenerators({ gt, pred, generators }) : { gt, pred }), score };
    }
  }
  // For --report: each image's id and IoU, never its pixels (Figure 6 reads its few images again).
  const tracked = values.report ? trackImages({ items: items() }) : undefined;
  let report: EvaluationReport;
  try {
    report = await evaluatePredictions({ items: tracked?.items ?? items(), tasks, by, generators, boundary, boundaryTolerance, detection: scores !== undefined, threshold, workers, onProgress: (done) => bar.update(done) }).catch((error) => {
      if (error instanceof MetricsError && error.context.verb !== 'eval') {
        // The library's failure, told as the command's: which split was empty, when none was scored.
        const empty = error.context.verb === 'evaluatePredictions' && error.context.image === undefined && error.reason === 'no images to evaluate';
        throw new MetricsError({ context: { ...error.context, verb: 'eval' }, message: empty ? `${error.reason} (split ${split} of ${datasetName(data)})` : error.reason, cause: error });
      }
      throw error;
    });
  } finally {
    bar.done();
  }

  const side = holdout ? `, the ${split === 'train' ? 'train' : 'test'} side of holdout ${holdout.join('+')}` : '';
  const scored = generators ? `, only the masks of ${generators.join(', ')} scored (other generators' pixels ignored; semantic mIoU and bF1 over ${generators.join(', ')})` : '';
  const heading = `diffseg30k eval: split ${split} of ${datasetName(data)}, ${report.images} images, predictions in ${predDir}${side}${missingIds.length ? `, ${missingIds.length} missing (scored as background)` : ''}${scored}`;
  io.stdout(render(report, heading, threshold));
  if (values.json) {
    const json = { tool: 'diffseg30k eval', version: 1, data, split, ...(holdout && { holdout }), pred: predDir, boundaryTolerance: boundaryTolerance ?? null, missingPredictions: missingIds, ...report };
    const path = resolve(io.cwd, values.json as string);
    await writeFile(path, `${JSON.stringify(json, null, 2)}\n`).catch((cause: Error) => {
      throw new OutputError({ path, message: `cannot write the --json report: ${cause.message}`, cause });
    });
  }
  if (tracked) {
    const wanted = (ids: readonly string[]) => new Set(ids);
    async function* readImages(ids: readonly string[]) {
      const keep = wanted(ids);
      for await (const sample of loadSplit(split, { source: data, cwd: io.cwd, limit, rank: 0, worldSize: 1, holdout, prefetch: 0, filter: (r) => keep.has(r.id) })) {
        const gt = await sample.labelMap();
        yield { id: sample.id, image: await sample.image(), gt, pred: (await readPrediction(predDir, sample)) ?? new Uint8Array(gt.length) };
      }
    }
    const written = await writeEvaluationReport({ report, out: resolve(io.cwd, values.report as string), images: tracked.images, readImages, panels, seed, details: [heading.replace(/^diffseg30k eval: /, '')] });
    io.stderr(`wrote ${written.html} and ${Object.keys(written.figures).length} figures (SVG + PNG)\n`);
    if (!written.textRendered) io.stderr('eval: warning: no font renders text on this machine, so the labels of the report\'s PNGs are empty boxes (the SVGs and report.html are fine); install one, e.g. Debian: apt-get install fonts-dejavu-core\n');
  }
  return EXIT.ok;
}

/**
 * `diffseg30k eval`: scores a directory of predicted label maps against a split with the
 * paper's metrics, overall, per class and per group.
 *
 * @example
 * ```sh
 * diffseg30k eval --data samples --split validation --pred preds/ --scores scores.csv --by num_turns --json eval.json
 * ```
 */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'score predicted label maps (Acc, mIoU, bF1; detection Acc, AP)',
  help: HELP,
  run,
};
