import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { DetectionMetrics, type DetectionResult } from '../../metrics/detection-metrics.js';
import type { ImageStats } from '../../metrics/image-stats.js';
import { MetricsError } from '../../metrics/metrics-error.js';
import { MetricsPool } from '../../metrics/metrics-pool.js';
import { SegmentationMetrics, type SegmentationResult } from '../../metrics/segmentation-metrics.js';
import { toBinaryLabels } from '../../metrics/to-binary-labels.js';
import { GENERATORS, NUM_CLASSES } from '../../schema/labels.js';
import type { Sample } from '../../schema/sample.js';
import { loadSplit } from '../../stream/load-split.js';
import { progressBar } from '../progress-bar.js';
import { type Command, type CommandIo, EXIT, parseCommandArgs, UsageError } from '../command.js';

const BY_DIMENSIONS = ['num_turns', 'generator', 'edit_type', 'base_type'] as const;
type ByDimension = (typeof BY_DIMENSIONS)[number];
const TASKS = ['binary', 'semantic', 'both'] as const;
type Task = 'binary' | 'semantic';

const HELP = `Usage: diffseg30k eval --data <dataset dir | samples> --pred <dir> [options]

Scores predicted label maps against a split's ground truth with the paper's metrics (DESIGN §3):
pixel accuracy, mIoU and boundary F1 for binary localization (any edit vs none) and for
semantic attribution (9 classes), per-class IoU and bF1 under generator names, and — with
--scores — image-level detection accuracy and AP.

Predictions are 8-bit PNG label maps named <id>.png (0 background, 1..8 generators; for the
binary task 0/1 also works); a PNG with colour channels is read from its first channel.

Options:
  --data <dir|samples>     dataset directory, or 'samples' for the bundled synthetic dataset
  --split <name>           split to evaluate (default: validation; 'val' is accepted)
  --pred <dir>             directory of <id>.png predictions
  --task <t>               binary | semantic | both (default: both)
  --scores <csv>           lines 'id,score' (header optional): adds detection Acc and AP;
                           an image is positive when it has at least one edit
  --threshold <x>          detection threshold, score > x is positive (default: 0.5)
  --by <dim>               also report per group of num_turns | generator | edit_type |
                           base_type (repeatable; an image with turns by two generators counts
                           in both generator groups; unedited images form the group 'none')
  --missing <policy>       error | background: a missing prediction is an error naming the id
                           (default), or scored as an all-background map
  --tolerance <px>         boundary-F1 tolerance θ in pixels (default: 0.0075 × image diagonal)
  --workers <n>            spread the metric work over n worker threads (same result)
  --limit <n>              evaluate only the first n images
  --json <file>            write every number (confusion matrices included) as JSON
  -h, --help               this help

Exit codes: 0 ok, 1 a data problem (missing or mis-sized prediction, bad label), 2 usage.
`;

/** Accumulators of one group (or of the whole split). */
interface Group {
  images: number;
  binary?: SegmentationMetrics;
  semantic?: SegmentationMetrics;
  detection?: DetectionMetrics;
}

/** What `--json` writes. */
interface GroupReport {
  images: number;
  binary?: SegmentationResult & { classNames: string[] };
  semantic?: SegmentationResult & { classNames: string[] };
  detection?: DetectionResult;
}

const SEMANTIC_NAMES = ['background', ...GENERATORS];
const BINARY_NAMES = ['unedited', 'edited'];

function positiveNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} must be a positive ${integer ? 'integer' : 'number'}, got '${value}'`);
  return n;
}

/** Parses `id,score` lines; a first line whose score is not a number is a header. */
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
      if (i === 0 && comma >= 0) return; // header
      throw new MetricsError(`eval: ${path} line ${i + 1}: expected 'id,score' with a finite score, got '${line}'`);
    }
    if (scores.has(id)) throw new MetricsError(`eval: ${path} line ${i + 1}: duplicate id ${id}`);
    scores.set(id, score);
  });
  return scores;
}

/** The prediction of one image as a label map, or undefined when its file is missing. */
async function readPrediction(dir: string, sample: Sample): Promise<Uint8Array | undefined> {
  const path = resolve(dir, `${sample.id}.png`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MetricsError(`eval: image ${sample.id}: cannot read prediction ${path}: ${(error as Error).message}`);
  }
  let decoded: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    decoded = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new MetricsError(`eval: image ${sample.id}: prediction ${path} is not a readable PNG: ${(error as Error).message}`);
  }
  const { data, info } = decoded;
  if (info.width !== sample.width || info.height !== sample.height) {
    throw new MetricsError(`eval: image ${sample.id}: prediction ${path} is ${info.width}×${info.height} but the image is ${sample.width}×${sample.height}`);
  }
  const n = info.width * info.height;
  if (info.channels === 1) return new Uint8Array(data.buffer, data.byteOffset, n);
  const grey = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += info.channels) grey[i] = data[j];
  return grey;
}

/** Group names of one image along one dimension. */
function groupsOf(sample: Sample, by: ByDimension): string[] {
  const unique = (values: string[]) => (values.length === 0 ? ['none'] : [...new Set(values)].sort());
  switch (by) {
    // Mask-only samples: turns unknown, generators from the label map.
    case 'num_turns':
      return [sample.num_turns === null ? 'unknown' : String(sample.num_turns)];
    case 'generator':
      return unique(sample.turns === null ? [...sample.generators] : sample.turns.map((t) => t.generator));
    case 'edit_type':
      return sample.turns === null ? ['unknown'] : unique(sample.turns.map((t) => t.edit_type));
    case 'base_type':
      return [sample.base_type ?? 'unknown'];
  }
}

function hasEdit(sample: Sample, gt: Uint8Array): boolean {
  if (sample.num_turns !== null && sample.num_turns > 0) return true;
  // Layouts without turn metadata: the label map says whether the image was edited.
  for (let i = 0; i < gt.length; i++) if (gt[i] >= 1 && gt[i] < NUM_CLASSES) return true;
  return false;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '  —  ' : v.toFixed(3));

function table(rows: { name: string; group: Group }[], tasks: Task[], title: string): string {
  const labels = rows.map(({ name, group }) => `${name} (${group.images})`);
  const first = Math.max(24, title.length + 2, ...labels.map((l) => l.length + 2));
  const head1 = title.padEnd(first) + tasks.map((t) => (t === 'binary' ? 'Binary segmentation' : 'Semantic segmentation').padEnd(24)).join('');
  const head2 = ''.padEnd(first) + tasks.map(() => 'Acc    mIoU   bF1'.padEnd(24)).join('');
  const lines = rows.map(({ group }, i) => {
    const cells = tasks.map((t) => {
      const r = group[t]?.compute();
      return `${fmt(r?.accuracy)}  ${fmt(r?.miou)}  ${fmt(r?.bf1)}`.padEnd(24);
    });
    return `${labels[i].padEnd(first)}${cells.join('')}`;
  });
  return [head1.trimEnd(), head2.trimEnd(), ...lines.map((l) => l.trimEnd())].join('\n');
}

function report(group: Group): GroupReport {
  return {
    images: group.images,
    ...(group.binary && { binary: { ...group.binary.compute(), classNames: BINARY_NAMES } }),
    ...(group.semantic && { semantic: { ...group.semantic.compute(), classNames: SEMANTIC_NAMES } }),
    ...(group.detection && { detection: group.detection.compute() }),
  };
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      data: { type: 'string' },
      split: { type: 'string', default: 'validation' },
      pred: { type: 'string' },
      task: { type: 'string', default: 'both' },
      scores: { type: 'string' },
      threshold: { type: 'string' },
      by: { type: 'string', multiple: true },
      missing: { type: 'string', default: 'error' },
      tolerance: { type: 'string' },
      workers: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'string' },
    },
    false,
  );
  void positionals;
  const data = values.data as string | undefined;
  const predFlag = values.pred as string | undefined;
  if (!data) throw new UsageError('--data is required (a dataset directory, or samples)');
  if (!predFlag) throw new UsageError('--pred is required (a directory of <id>.png label maps)');
  const predDir = resolve(io.cwd, predFlag);
  if (!existsSync(predDir) || !statSync(predDir).isDirectory()) throw new UsageError(`--pred: ${predDir} is not a directory`);
  const task = values.task as string;
  if (!(TASKS as readonly string[]).includes(task)) throw new UsageError(`--task must be binary, semantic or both, got '${task}'`);
  const tasks: Task[] = task === 'both' ? ['binary', 'semantic'] : [task as Task];
  const missing = values.missing as string;
  if (missing !== 'error' && missing !== 'background') throw new UsageError(`--missing must be error or background, got '${missing}'`);
  const byList = ((values.by as string[] | undefined) ?? []).map((b) => {
    if (!(BY_DIMENSIONS as readonly string[]).includes(b)) throw new UsageError(`--by must be one of ${BY_DIMENSIONS.join(', ')}, got '${b}'`);
    return b as ByDimension;
  });
  const tolerance = positiveNumber(values.tolerance as string | undefined, '--tolerance', false);
  const workers = positiveNumber(values.workers as string | undefined, '--workers', true);
  const limit = positiveNumber(values.limit as string | undefined, '--limit', true);
  const thresholdText = values.threshold as string | undefined;
  const threshold = thresholdText === undefined ? 0.5 : Number(thresholdText);
  if (!Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number, got '${thresholdText}'`);
  const scores = values.scores ? await readScores(resolve(io.cwd, values.scores as string)) : undefined;
  const split = values.split as string;

  const options = { numClasses: { binary: 2, semantic: NUM_CLASSES }, boundaryTolerance: tolerance };
  const groups = new Map<string, Group>();
  const groupFor = (key: string): Group => {
    let g = groups.get(key);
    if (!g) {
      g = { images: 0 };
      for (const t of tasks) g[t] = new SegmentationMetrics({ numClasses: options.numClasses[t], boundaryTolerance: tolerance });
      if (scores) g.detection = new DetectionMetrics({ threshold });
      groups.set(key, g);
    }
    return g;
  };
  groupFor('all');

  let total: number | undefined;
  if (io.isTTY) {
    total = 0;
    for await (const _ of loadSplit(split, { source: data, cwd: io.cwd, metadataOnly: true, limit })) total++;
  }
  const bar = progressBar({ io, label: 'eval', total });
  let evaluated = 0;
  const pool = workers ? new MetricsPool({ workers }) : undefined;
  const inFlight = new Set<Promise<void>>();
  let poolError: unknown;
  const missingIds: string[] = [];
  let images = 0;

  try {
    for await (const sample of loadSplit(split, { source: data, cwd: io.cwd, limit })) {
      const gt = await sample.labelMap();
      let pred = await readPrediction(predDir, sample);
      if (pred === undefined) {
        if (missing === 'error') throw new MetricsError(`eval: image ${sample.id}: no prediction ${resolve(predDir, `${sample.id}.png`)} (use --missing background to score it as all background)`);
        missingIds.push(sample.id);
        pred = new Uint8Array(gt.length);
      }
      const keys = ['all', ...byList.flatMap((by) => groupsOf(sample, by).map((v) => `${by}=${v}`))];
      const members = keys.map(groupFor);
      for (const m of members) m.images++;
      for (const t of tasks) {
        const g = t === 'binary' ? toBinaryLabels(gt) : gt;
        const p = t === 'binary' ? toBinaryLabels(pred) : pred;
        if (pool) {
          const job = pool.update({ keys: keys.map((k) => `${t}|${k}`), options: { numClasses: options.numClasses[t], boundaryTolerance: tolerance }, gt: g, pred: p, width: sample.width, height: sample.height, label: sample.id });
          inFlight.add(job);
          job.then(() => inFlight.delete(job), (error: unknown) => ((poolError ??= error), inFlight.delete(job)));
        } else {
          let stats: ImageStats;
          try {
            stats = members[0][t]!.measureImage({ gt: g, pred: p, width: sample.width, height: sample.height });
          } catch (error) {
            if (error instanceof MetricsError) throw new MetricsError(`eval: image ${sample.id}: ${error.message.replace(/^metrics: /, '')}`, { cause: error });
            throw error;
          }
          for (const m of members) m[t]!.addImageStats(stats);
        }
      }
      if (scores) {
        const score = scores.get(sample.id);
        if (score === undefined) throw new MetricsError(`eval: image ${sample.id}: no score in ${values.scores}`);
        const positive = hasEdit(sample, gt);
        for (const m of members) m.detection!.update({ scores: score, labels: positive });
      }
      images++;
      bar.update(++evaluated);
      if (pool) {
        while (inFlight.size >= 4 * pool.workers && poolError === undefined) await Promise.race(inFlight);
        if (poolError !== undefined) throw poolError;
      }
    }
    if (pool) {
      await Promise.allSettled([...inFlight]);
      if (poolError !== undefined) throw poolError;
      const merged = await pool.close();
      for (const [key, group] of groups) for (const t of tasks) group[t] = merged.get(`${t}|${key}`) ?? group[t];
    }
  } catch (error) {
    await pool?.terminate();
    throw error;
  } finally {
    bar.done();
  }
  if (images === 0) throw new MetricsError(`eval: split ${split} of ${data} has no images to evaluate`);

  const all = groups.get('all')!;
  const out: string[] = [];
  out.push(`diffseg30k eval: split ${split} of ${data}, ${images} images, predictions in ${predDir}${missingIds.length ? `, ${missingIds.length} missing (scored as background)` : ''}`);
  out.push('');
  out.push(table([{ name: 'all', group: all }], tasks, ''));
  if (all.semantic) {
    const r = all.semantic.compute();
    out.push('');
    out.push(`${'Per class (semantic)'.padEnd(24)}IoU    bF1`);
    for (let c = 1; c < NUM_CLASSES; c++) out.push(`${SEMANTIC_NAMES[c].padEnd(24)}${fmt(r.iou[c])}  ${fmt(r.bf1PerClass[c])}`);
    out.push(`${'(background)'.padEnd(24)}${fmt(r.iou[0])}`);
  }
  if (all.detection) {
    const d = all.detection.compute();
    out.push('');
    out.push(`Detection (score > ${threshold}): Acc ${fmt(d.accuracy)}  AP ${fmt(d.ap)}  (${d.images} images, ${d.positives} edited)`);
  }
  for (const by of byList) {
    const rows = [...groups.entries()]
      .filter(([key]) => key.startsWith(`${by}=`))
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([key, group]) => ({ name: key.slice(by.length + 1), group }));
    out.push('');
    out.push(table(rows, tasks, `By ${by}`));
    if (scores) for (const { name, group } of rows) out.push(`  ${by} ${name}: detection Acc ${fmt(group.detection!.compute().accuracy)}  AP ${fmt(group.detection!.compute().ap)}`);
  }
  io.stdout(`${out.join('\n')}\n`);

  if (values.json) {
    const json = {
      tool: 'diffseg30k eval',
      version: 1,
      data,
      split,
      pred: predDir,
      tasks,
      boundaryTolerance: tolerance ?? null,
      images,
      missingPredictions: missingIds,
      overall: report(all),
      groups: Object.fromEntries(
        byList.map((by) => [
          by,
          Object.fromEntries([...groups.entries()].filter(([key]) => key.startsWith(`${by}=`)).map(([key, g]) => [key.slice(by.length + 1), report(g)])),
        ]),
      ),
    };
    await writeFile(resolve(io.cwd, values.json as string), `${JSON.stringify(json, null, 2)}\n`);
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
