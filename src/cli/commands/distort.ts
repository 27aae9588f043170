import { ArgumentError } from '../../errors.js';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { openDataset } from '../../format/open-dataset.js';
import { SAMPLES_SOURCE, samplesDirectory } from '../../repo/samples-source.js';
import { pathsOverlap } from '../../internal/paths-overlap.js';
import { orderedMap } from '../../internal/ordered-map.js';
import { realPath } from '../../internal/real-path.js';
import { writeDataset } from '../../format/write-dataset.js';
import type { DatasetRecord } from '../../schema/record.js';
import type { Sample } from '../../schema/sample.js';
import { canonicalSplit } from '../../schema/labels.js';
import { loadSplit } from '../../stream/load-split.js';
import { decodesExactlyInSharp } from '../../transforms/internal/decodes-exactly-in-sharp.js';
import { encoderOf } from '../../transforms/internal/encoder.js';
import { jpeg } from '../../transforms/jpeg.js';
import { ROBUSTNESS_PRESETS, robustnessPreset, type RobustnessPreset } from '../../transforms/robustness-preset.js';
import { TransformError } from '../../transforms/transform-error.js';
import { type TransformedSample, transformSample } from '../../sample/transform-sample.js';
import { progressBar } from '../progress-bar.js';
import { reuseReadBuffers } from '../reuse-read-buffers.js';
import { DATA_OPTION, datasetArgument, datasetName } from '../dataset-argument.js';
import { type Command, type CommandIo, EXIT, parseCommandArgs, UsageError } from '../command.js';

const presetList = () =>
  Object.values(ROBUSTNESS_PRESETS)
    .map((p) => `  ${p.name.padEnd(18)} ${p.description}`)
    .join('\n');

const HELP = () => `Usage: diffseg30k distort --data <dataset dir | samples> --preset <name> --out <dir> [options]

Writes a distorted copy of one split as a new dataset in the canonical format: same ids and
metadata, distorted image bytes, label maps transformed consistently with the image (a resize
resizes the mask with nearest neighbour and recomputes each turn's mask_rle, area and bbox;
compression, blur and noise leave it unchanged), and a dataset card naming the distortion.
JPEG and WebP presets store the encoder's own bytes (the file that was evaluated); the others
store lossless PNG. Streams: memory holds about one row group.

Options:
  --data <dir|samples>   dataset directory, or 'samples' for the bundled synthetic dataset
  --split <name>         split to distort (default: validation; 'val' is accepted)
  --preset <name>        robustness preset (below)
  --out <dir>            output dataset directory: new or empty (never the same as, inside or
                         around --data, links followed)
  --overwrite            replace the dataset already at --out (only a folder holding just a
                         README.md and data/*.parquet shards; the old one stays until the new
                         one is complete)
  --seed <n>             run seed for random presets (noise); default 0
  --limit <n>            distort only the first n records
  --optimise-coding      JPEG presets only: optimised Huffman tables instead of the standard
                         ones PIL writes; the same pixels in files 14–21 % smaller, for about
                         10 % more CPU
  --concurrency <n>      records distorted at once (default ${DEFAULT_CONCURRENCY}); the output is the same
                         bytes in the same order for every n, and memory holds n records more
  -h, --help             this help

Presets (* = the paper's Table 3):
${Object.values(ROBUSTNESS_PRESETS)
  .map((p) => `  ${(p.paper ? '* ' : '  ') + p.name.padEnd(18)} ${p.description}`)
  .join('\n')}
`;

/** Records in flight by default: see the --concurrency help. */
const DEFAULT_CONCURRENCY = 4;

const EXTENSION = { jpeg: 'jpg', webp: 'webp', png: 'png' } as const;

/**
 * PNG settings for distorted photographs. libvips' default (level 6, no row filters) wrote a
 * 1024² photo-like image in 2.5 MB, 2.3× what PIL's `save(f, "PNG")` writes; adaptive row
 * filters at zlib level 3 write 1.06 MB (PIL: 1.09 MB) in the same encode time (68 vs 72 ms CPU;
 * level 6 with filters: 1.02 MB in 180 ms). A flat synthetic image comes out a little larger
 * (the bundled samples' 384² textures: 27.7 kB against 23.8 kB); photographs are what datasets
 * hold. Label maps keep the default: flat regions need no filter.
 */
const PHOTO_PNG = { compressionLevel: 3, adaptiveFiltering: true } as const;

/** The image and mask files of one distorted record. */
interface DistortedFiles {
  format: 'jpeg' | 'webp' | 'png';
  imageBytes: Uint8Array;
  maskBytes: Uint8Array;
}

/** One-channel label ids as an 8-bit grey PNG. */
async function labelMapPng(labelMap: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  // Without toColourspace('b-w') libvips would write the one-channel map as RGB.
  return new Uint8Array(await sharp(labelMap, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer());
}

/**
 * The files of a preset that is one encode (JPEG, WebP) straight from the source file, without
 * decoding the encoder's output again: `distort` stores the file and never looks at its pixels,
 * and that decode was a third of the work. The same bytes as the full path (the same encoder on
 * the same pixels: only a PNG that sharp decodes exactly as `sample.image()` does is encoded from
 * the file); `undefined` when this shortcut does not apply.
 */
async function encodedFiles(sample: TransformedSample): Promise<DistortedFiles | undefined> {
  const encoder = encoderOf(sample.transform);
  const { original } = sample;
  if (!encoder || !original.imageBytes || !(await decodesExactlyInSharp(original.imageBytes, original.width, original.height))) return undefined;
  // Decoded as the full path decodes it: a mask that does not fit its record fails here too.
  const labelMap = await original.labelMap();
  let encoded;
  try {
    encoded = await encoder(original.imageBytes);
  } catch (cause) {
    throw new TransformError({ sampleId: sample.id, transform: sample.transform.name, message: `failed: ${(cause as Error)?.message ?? String(cause)}`, cause });
  }
  // An unchanged label map keeps the published mask file byte for byte — copied: the source's
  // bytes are a view of a read buffer that is reused once the record is done (reuseReadBuffers).
  return { format: encoded.format, imageBytes: encoded.bytes, maskBytes: original.maskBytes?.slice() ?? (await labelMapPng(labelMap, original.width, original.height)) };
}

/** The files of any preset: the transform's full result, its pixels written as PNG unless it was an encode. */
async function transformedFiles(sample: TransformedSample, preset: RobustnessPreset): Promise<DistortedFiles> {
  const result = await sample.result();
  const { image, labelMap } = result;
  const imageBytes =
    result.encoded?.bytes ??
    new Uint8Array(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 } }).png(PHOTO_PNG).toBuffer());
  // An unchanged label map keeps the published mask file byte for byte.
  // (Presets that do not change geometry pass the label map through untouched.)
  const original = sample.original;
  // (Copied: the source's bytes are a view of a read buffer reused once the record is done.)
  const maskBytes = !preset.changesGeometry && !result.sourceIndex && original.maskBytes ? original.maskBytes.slice() : await labelMapPng(labelMap, image.width, image.height);
  return { format: result.encoded?.format ?? 'png', imageBytes, maskBytes };
}

/**
 * The preset, with optimised Huffman tables when `optimise` (`--optimise-coding`): a JPEG preset's
 * transform is `jpeg(q)`, and that is the one it applies to.
 */
function withCoding(preset: RobustnessPreset, optimise: boolean): RobustnessPreset {
  if (!optimise) return preset;
  const quality = /^jpeg\((\d+)\)$/.exec(preset.transform.name)?.[1];
  if (quality === undefined) {
    const names = Object.values(ROBUSTNESS_PRESETS).filter((p) => /^jpeg\(\d+\)$/.test(p.transform.name)).map((p) => p.name);
    throw new UsageError(`--optimise-coding applies to the JPEG presets (${names.join(', ')}), not to ${preset.name}`);
  }
  return { ...preset, transform: jpeg({ quality: Number(quality), optimiseCoding: true }) };
}

/** One output record from one transformed sample. */
async function distortedRecord(sample: TransformedSample, split: string, preset: RobustnessPreset): Promise<DatasetRecord> {
  if (sample.annotations === 'mask-only') {
    // The canonical format needs every turn; a mask-only record has none to write.
    throw new ArgumentError({ message: `distort: record ${sample.id} of ${sample.file} is mask-only (its turns are unknown); distort writes the canonical format, which needs them` });
  }
  const { format, imageBytes, maskBytes } = (await encodedFiles(sample)) ?? (await transformedFiles(sample, preset));
  return {
    id: sample.id,
    split,
    width: sample.width,
    height: sample.height,
    base_type: sample.base_type,
    base_generator: sample.base_generator,
    coco_id: sample.coco_id,
    base_prompt: sample.base_prompt,
    turns: sample.turns,
    num_turns: sample.num_turns,
    quality_score: sample.quality_score,
    quality_reason: sample.quality_reason,
    // Node buffers are ArrayBuffer-backed; the schema's type just says so.
    image: { bytes: imageBytes as Uint8Array<ArrayBuffer>, path: `${sample.id}.${EXTENSION[format]}` },
    mask: { bytes: maskBytes as Uint8Array<ArrayBuffer>, path: `${sample.id}.mask.png` },
  };
}

/** `diffseg30k distort`: writes a distorted copy of a split (the robustness suite of Table 3 and beyond). */
export const distortCommand: Command = {
  name: 'distort',
  summary: 'write a distorted copy of a split (JPEG, resize … robustness presets)',
  get help() {
    return HELP();
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        ...DATA_OPTION,
        split: { type: 'string' },
        preset: { type: 'string' },
        out: { type: 'string' },
        overwrite: { type: 'boolean' },
        seed: { type: 'string' },
        limit: { type: 'string' },
        concurrency: { type: 'string' },
        'optimise-coding': { type: 'boolean' },
      },
    );
    const data = datasetArgument({ values, positionals });
    const presetName = values.preset as string | undefined;
    const out = values.out as string | undefined;
    if (!presetName) throw new UsageError(`--preset is required; presets:\n${presetList()}`);
    if (!out) throw new UsageError('--out is required');
    const integer = (flag: string, text: string | undefined, min: number): number | undefined => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer ≥ ${min}, got '${text}'`);
      return n;
    };
    const seed = integer('seed', values.seed as string | undefined, Number.MIN_SAFE_INTEGER) ?? 0;
    const limit = integer('limit', values.limit as string | undefined, 1);
    const concurrency = integer('concurrency', values.concurrency as string | undefined, 1) ?? DEFAULT_CONCURRENCY;
    const preset = withCoding(robustnessPreset(presetName), values['optimise-coding'] === true); // ArgumentError → exit 2, listing the presets

    const layout = await openDataset({ source: data, cwd: io.cwd });
    const outDir = resolve(io.cwd, out);
    // Links followed on both sides: an --out that is a link to --data (or to a folder inside or
    // around it) would otherwise rewrite the source while it is being read.
    // (A remote source — an hf:// URL, the default dataset — cannot overlap a local folder.)
    const inputDir =
      data === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(data) ? undefined : data === SAMPLES_SOURCE ? samplesDirectory() : resolve(io.cwd, data);
    if (inputDir !== undefined && pathsOverlap(await realPath(outDir), await realPath(inputDir))) {
      throw new UsageError(`--out ${out} overlaps --data ${data} (links followed): the copy must go to a folder outside the source, and the source outside it`);
    }
    const source = layout.split(values.split ? (values.split as string) : 'validation');
    const split = canonicalSplit(source.name);
    const total = limit !== undefined && source.num_examples !== undefined ? Math.min(limit, source.num_examples) : (limit ?? source.num_examples);

    const bar = progressBar({ io, label: `distort ${preset.name}`, total });
    // prefetch 0: the loader would decode every image ahead; the records in flight below decode
    // only what their preset needs (JPEG and resize start from the PNG file).
    // File order (no shuffle), as reuseReadBuffers needs: each row group of photographs is read
    // into one of a few buffers used again, and every record's views are held until it is done.
    const buffers = reuseReadBuffers({ source: layout.source });
    const samples = loadSplit(split, { source: buffers.source, limit, rank: 0, worldSize: 1, prefetch: 0 });
    async function* records(): AsyncGenerator<DatasetRecord> {
      let count = 0;
      // Several records in flight: sharp codes each on libuv's threadpool, so they use every core
      // while the main thread reads and writes shards; the output keeps the source's order.
      const map = (sample: Sample) => {
        const release = buffers.take([sample.imageBytes, sample.maskBytes]);
        return distortedRecord(transformSample({ sample, transform: preset.transform, seed }), split, preset).finally(release);
      };
      for await (const record of orderedMap({ source: samples, map, concurrency })) {
        yield record;
        bar.update(++count);
      }
    }

    const sourceTitle = typeof layout.card?.data.pretty_name === 'string' ? layout.card.data.pretty_name : datasetName(data);
    const stored = preset.transform.name.includes('jpeg') || preset.transform.name.includes('webp') ? 'the encoder\'s own bytes' : 'lossless PNG';
    const body = [
      `The \`${split}\` split of ${sourceTitle} distorted with the robustness preset \`${preset.name}\`: ${preset.description}.`,
      '',
      `- Transform: \`${preset.transform.name}\`${preset.paper ? " (one of the paper's Table 3 distortions)" : ''}; seed ${seed}.`,
      `- Images: ${stored}. Label maps: ${preset.changesGeometry ? "resized with nearest neighbour (no label id invented); each turn's mask_rle, area and bbox recomputed" : 'unchanged (the distortion moves no pixel)'}.`,
      '- Ids and all other metadata are those of the source.',
      '',
      `Made with \`diffseg30k distort --preset ${preset.name}${values['optimise-coding'] === true ? ' --optimise-coding' : ''}\` of the [diffseg30k](https://www.npmjs.com/package/diffseg30k) npm package.`,
    ].join('\n');
    const summary = await writeDataset({
      out: outDir,
      overwrite: values.overwrite === true,
      splits: { [split]: records() },
      card: {
        title: `${sourceTitle} — ${preset.name}`,
        body,
        tags: ['diffseg30k', 'robustness', preset.name],
        extra: { diffseg30k_distortion: { preset: preset.name, transform: preset.transform.name, paper: preset.paper, seed, source_split: split } },
      },
    });
    bar.done();
    const written = summary.splits[split];
    io.stdout(
      `distort: ${written?.num_examples ?? 0} records of '${split}' with ${preset.name} (${preset.transform.name}) → ${outDir} (${written?.files.length ?? 0} shard${written?.files.length === 1 ? '' : 's'})\n`,
    );
    return EXIT.ok;
  },
};
