/**
 * Every public verb and constructor refuses an option it does not know: in JavaScript a misspelt
 * option would otherwise be ignored without a word (`{ minQuailty: 3 }` yields every record).
 *
 * The names are enumerated from the BUILT package through its own package.json "exports" (the
 * root and each subpath), so a name that moves between entry points is still found, and a verb
 * added to any entry point fails this spec until it is given a row in CALLS (how to call it with
 * a minimal valid subject plus `{ bogusKey: 1 }`) or in EXEMPT (why it takes no options).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string; exports: Record<string, unknown> };

const BOGUS = { bogusKey: 1 } as const;
type AnyFn = (...args: any[]) => any;
type AnyClass = new (...args: any[]) => any;

/** A 1×1 grey PNG, the smallest valid image and label map. */
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64'));
const fakeSource = { name: 'fake', size: 0, read: async () => new Uint8Array(0) };

/**
 * How to call each verb: the least it needs to reach its option check, plus `{ bogusKey: 1 }`.
 * `with(x)` is `{ ...x, bogusKey: 1 }`.
 */
const withBogus = <T extends object>(x: T) => ({ ...x, ...BOGUS });
const CALLS: Record<string, (f: any) => unknown> = {
  // Sources, datasets and loading
  loadSplit: (f: AnyFn) => f('validation', withBogus({ source: 'samples' })),
  planSplit: (f: AnyFn) => f('validation', withBogus({ source: 'samples' })),
  openDataset: (f: AnyFn) => f(withBogus({ source: 'samples' })),
  resolveSource: (f: AnyFn) => f(withBogus({ source: 'samples' })),
  localSource: (f: AnyFn) => f(withBogus({ path: root })),
  hubSource: (f: AnyFn) => f(withBogus({ repo: 'org/name' })),
  hubSettings: (f: AnyFn) => f(BOGUS),
  zipSource: (f: AnyFn) => f(withBogus({ path: 'x.zip' })),
  describeDataset: (f: AnyFn) => f(withBogus({ source: 'samples' })),
  datasetStatistics: (f: AnyFn) => f(withBogus({ source: 'samples' })),
  validateDataset: (f: AnyFn) => f(withBogus({ source: 'samples' })),
  validateRecord: (f: AnyFn) => f(withBogus({ record: {} })),
  writeDataset: (f: AnyFn) => f(withBogus({ out: 'never-written', splits: {} })),
  importDataset: (f: AnyFn) => f(withBogus({ source: 'samples', out: 'never-written' })),
  openShard: (f: AnyFn) => f(withBogus({ byteSource: fakeSource })),
  openImageMaskShard: (f: AnyFn) => f(withBogus({ byteSource: fakeSource, path: 'x.parquet', split: 'train' })),
  openPairShard: (f: AnyFn) => f(withBogus({ file: 'x.zip', split: 'train', pairs: [] })),
  createSample: (f: AnyFn) => f(withBogus({ record: { id: 'a' }, file: 'x' })),
  transformSample: (f: AnyFn) => f(withBogus({ sample: {}, transform: {} })),
  // Records, splits, protocols
  splitOf: (f: AnyFn) => f(withBogus({ id: 'a' })),
  splitRecords: (f: AnyFn) => f([], BOGUS),
  crossGeneratorSplit: (f: AnyFn) => f([], withBogus({ holdout: 'sd2+sd3.5' })),
  holdoutSide: (f: AnyFn) => f(withBogus({ record: { turns: [] }, holdout: 'sd2+sd3.5' })),
  recordFilter: (f: AnyFn) => f(BOGUS),
  filterRecords: (f: AnyFn) => f([], BOGUS),
  // Reports and the paper's tables
  writeEvaluationReport: (f: AnyFn) => f(withBogus({ report: {}, out: 'never-written' })),
  trackImages: (f: AnyFn) => f(withBogus({ items: [] })),
  imageIou: (f: AnyFn) => f(withBogus({ gt: new Uint8Array(1), pred: new Uint8Array(1) })),
  pickPanelImages: (f: AnyFn) => f(withBogus({ images: [] })),
  precisionRecallCurve: (f: AnyFn) => f(withBogus({ scores: [], labels: [] })),
  resultPanels: (f: AnyFn) => f(withBogus({ groups: [] })),
  paperTable: (f: AnyFn) => f(withBogus({ paper: 'table2', format: 'md', runs: [] })),
  readEvaluationRun: (f: AnyFn) => f(withBogus({ path: 'never-read.json' })),
  // Transforms and batches
  applyTransform: (f: AnyFn) => f(withBogus({ transform: {}, image: {}, labelMap: new Uint8Array(1) })),
  crop: (f: AnyFn) => f(withBogus({ left: 0, top: 0, width: 1, height: 1 })),
  flip: (f: AnyFn) => f(BOGUS),
  randomFlip: (f: AnyFn) => f(BOGUS),
  randomCrop: (f: AnyFn) => f(withBogus({ size: 1 })),
  resize: (f: AnyFn) => f(withBogus({ size: 1 })),
  scale: (f: AnyFn) => f(withBogus({ factor: 1 })),
  jpeg: (f: AnyFn) => f(withBogus({ quality: 80 })),
  webp: (f: AnyFn) => f(withBogus({ quality: 80 })),
  gaussianBlur: (f: AnyFn) => f(withBogus({ sigma: 1 })),
  gaussianNoise: (f: AnyFn) => f(withBogus({ sigma: 1 })),
  toBatches: (f: AnyFn) => (f([], withBogus({ batchSize: 1 })) as AsyncGenerator).next(),
  toTfDataset: (f: AnyFn) => f([], withBogus({ batchSize: 1 })),
  // Masks and codecs
  encodeRle: (f: AnyFn) => f(withBogus({ mask: new Uint8Array(1), width: 1, height: 1 })),
  composeLabelMap: (f: AnyFn) => f(withBogus({ turns: [], width: 1, height: 1 })),
  decodeImage: (f: AnyFn) => f(withBogus({ bytes: PNG, name: 'x.png' })),
  decodeLabelMap: (f: AnyFn) => f(withBogus({ bytes: PNG, name: 'x.png' })),
  encodeLabelMap: (f: AnyFn) => f(withBogus({ labels: new Uint8Array(1), width: 1, height: 1 })),
  renderOverlay: (f: AnyFn) => f(withBogus({ image: PNG, labelMap: new Uint8Array(1), turns: [] })),
  // Metrics
  evaluatePredictions: (f: AnyFn) => f(withBogus({ items: [] })),
  averagePrecision: (f: AnyFn) => f(withBogus({ scores: [], labels: [] })),
  defaultBoundaryTolerance: (f: AnyFn) => f(withBogus({ width: 1, height: 1 })),
  jsImageStats: (f: AnyFn) => f(withBogus({ gt: new Uint8Array(1), pred: new Uint8Array(1), width: 1, height: 1, numClasses: 2 })),
  tfjsImageStats: (f: AnyFn) => f(withBogus({ gt: new Uint8Array(1), pred: new Uint8Array(1), width: 1, height: 1, numClasses: 2 })),
  useTfjsBackend: (f: AnyFn) => f(withBogus({ backend: 'cpu' })),
  SegmentationMetrics: (C: AnyClass) => new C(withBogus({ numClasses: 2 })),
  DetectionMetrics: (C: AnyClass) => new C(BOGUS),
  MetricsPool: (C: AnyClass) => new C(withBogus({ workers: 1 })),
  // Statistics and figures
  statisticsFigure: (f: AnyFn) => f(withBogus({ statistics: {} })),
  statisticsMarkdown: (f: AnyFn) => f(withBogus({ statistics: {} })),
  writeStatistics: (f: AnyFn) => f(withBogus({ statistics: {}, out: 'never-written' })),
  rasterizeSvg: (f: AnyFn) => f(withBogus({ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>' })),
  // Parquet, cards, archives
  readParquetFooter: (f: AnyFn) => f(withBogus({ byteSource: fakeSource })),
  arrowToMetadata: (f: AnyFn) => f(withBogus({ table: {}, split: 'train' })),
  arrowToRecords: (f: AnyFn) => f(withBogus({ table: {}, split: 'train' })),
  recordsToArrow: (f: AnyFn) => f(withBogus({ records: [] })),
  parseDatasetCard: (f: AnyFn) => f(withBogus({ text: '' })),
  renderDatasetCard: (f: AnyFn) => f(withBogus({ splits: {} })),
  shardName: (f: AnyFn) => f(withBogus({ split: 'train', index: 0, count: 1 })),
  findPairs: (f: AnyFn) => f(withBogus({ files: [], file: 'x.zip' })),
  readZipDirectory: (f: AnyFn) => f(withBogus({ byteSource: fakeSource })),
  readZipMember: (f: AnyFn) => f(withBogus({ byteSource: fakeSource, entry: {} })),
  // Byte sources and HTTP
  fromBuffer: (f: AnyFn) => f(withBogus({ bytes: new Uint8Array(1) })),
  fromFile: (f: AnyFn) => f(withBogus({ path: `${root}package.json` })),
  countingSource: (f: AnyFn) => f(withBogus({ source: fakeSource })),
  readAheadSource: (f: AnyFn) => f(withBogus({ source: fakeSource, tailBytes: 1 })),
  sequentialPrefetchSource: (f: AnyFn) => f(withBogus({ source: fakeSource })),
  concurrencyLimit: (f: AnyFn) => f(withBogus({ max: 1 })),
  httpClient: (f: AnyFn) => f(BOGUS),
  httpSource: (f: AnyFn) => f(withBogus({ url: 'http://127.0.0.1:9/x' })),
  downloadToFile: (f: AnyFn) => f(withBogus({ url: 'http://127.0.0.1:9/x', path: 'never-written', expectedSize: 0 })),
  readBody: (f: AnyFn) => f(withBogus({ response: new Response('') })),
  readJson: (f: AnyFn) => f(withBogus({ response: new Response('{}') })),
  quoteBody: (f: AnyFn) => f(withBogus({ response: new Response('') })),
  retryDelay: (f: AnyFn) => f(withBogus({ attempt: 1, retryAfter: null })),
};

/** Runtime exports that take no options, each with the reason. */
const EXEMPT: Record<string, string> = {
  // Error classes: one is built while another failure is being reported, so making one never throws.
  DiffsegError: 'error class (never throws while reporting)',
  ArgumentError: 'error class (never throws while reporting)',
  RleError: 'error class (never throws while reporting)',
  SchemaError: 'error class (never throws while reporting)',
  FormatError: 'error class (never throws while reporting)',
  SourceError: 'error class (never throws while reporting)',
  HttpError: 'error class (never throws while reporting)',
  HubError: 'error class (never throws while reporting)',
  OutputError: 'error class (never throws while reporting)',
  UnsafePathError: 'error class (never throws while reporting)',
  DatasetError: 'error class (never throws while reporting)',
  DependencyError: 'error class (never throws while reporting)',
  MetricsError: 'error class (never throws while reporting)',
  TransformError: 'error class (never throws while reporting)',
  ResumeError: 'error class (never throws while reporting)',
  // One value in, one value out: a subject and no options.
  canonicalSplit: 'takes a split name, no options',
  isGenerator: 'takes a string, no options',
  generatorOfLabel: 'takes a label id, no options',
  labelOfGenerator: 'takes a generator name, no options',
  isMaskOnly: 'takes a record (data, not options)',
  binaryMaskOf: 'takes a label map, no options',
  toBinaryLabels: 'takes a label map, no options',
  decodeRle: 'takes a COCO RLE (data, not options)',
  rleArea: 'takes a COCO RLE (data, not options)',
  rleBbox: 'takes a COCO RLE (data, not options)',
  compose: 'takes an array of transforms, no options',
  robustnessPreset: 'takes a preset name, no options',
  parseHfUrl: 'takes a URL, no options',
  redactUrl: 'takes a URL, no options',
  samplesDirectory: 'takes nothing',
  samplesSource: 'takes nothing',
  hfFeaturesYaml: 'takes nothing',
  hfFooterMetadata: 'takes nothing',
  isImageMaskSchema: 'takes a column list, no options',
  isPairMember: 'takes a path, no options',
  splitOfDirectory: 'takes a path, no options',
  splitOfFileName: 'takes a path, no options',
  splitsFromPaths: 'takes a path list, no options',
};

/** Every runtime export of every entry point of the built package, by name, with its entry point. */
async function publicExports(): Promise<Map<string, { entry: string; value: unknown }>> {
  const out = new Map<string, { entry: string; value: unknown }>();
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || target === null || !('default' in target)) continue; // package.json itself
    const entry = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const module = (await import(/* @vite-ignore */ entry)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) if (!out.has(name)) out.set(name, { entry, value });
  }
  return out;
}

describe('every public verb and constructor refuses an unknown option', () => {
  it('is run against the built package', () => {
    expect(existsSync(`${root}dist/index.js`), 'dist/ is missing: run `npm run build` first (npm test does)').toBe(true);
  });

  it('with an ArgumentError naming it, for every function and class the entry points export', async () => {
    const { ArgumentError } = (await import(/* @vite-ignore */ pkg.name)) as { ArgumentError: AnyClass };
    const exports = await publicExports();
    const verbs = [...exports].filter(([, { value }]) => typeof value === 'function');
    expect(verbs.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const [name, { entry, value }] of verbs) {
      if (name in EXEMPT) continue;
      const call = CALLS[name];
      if (!call) {
        failures.push(`${name} (${entry}): no row in CALLS or EXEMPT; add how to call it, or why it takes no options`);
        continue;
      }
      let outcome: unknown;
      try {
        outcome = await call(value);
      } catch (error) {
        outcome = error;
      }
      const refused = outcome instanceof ArgumentError && /bogusKey/.test((outcome as Error).message);
      if (!refused) {
        // Whatever was made must not outlive the spec (a pool's workers).
        await (outcome as { terminate?: () => unknown } | undefined)?.terminate?.();
        const got = outcome instanceof Error ? `${outcome.name}: ${outcome.message.slice(0, 160)}` : `no error (${typeof outcome})`;
        failures.push(`${name} (${entry}): ${got}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('has no stale rows: every name in CALLS and EXEMPT is still exported', async () => {
    const exports = await publicExports();
    const stale = [...Object.keys(CALLS), ...Object.keys(EXEMPT)].filter((name) => !exports.has(name));
    // Error classes this package may not have (yet) are allowed to be listed ahead.
    expect(stale.filter((name) => !(name in EXEMPT && EXEMPT[name].startsWith('error class')))).toEqual([]);
  });
});
