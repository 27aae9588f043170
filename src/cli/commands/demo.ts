import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutputError } from '../../errors.js';
import { loadSplit } from '../../stream/load-split.js';
import { renderOverlay } from '../../visualize/render-overlay.js';
import { DATA_OPTION, datasetArgument } from '../dataset-argument.js';
import { type Command, EXIT, UsageError, parseCommandArgs } from '../command.js';
import { formatTable } from '../format-table.js';

const HELP = `Usage: diffseg30k demo [--data <dataset | samples>] [--split validation] [--out <dir>] [--limit N]

The main job on the bundled samples: streams the validation split, prints a table of what it
holds (base image, turns and the model of each, edit types, quality), and writes one overlay PNG
per image — each edited region tinted in its model's colour, with a legend — into a folder.

Options:
  --data <dir>    dataset directory, or "samples" (default: samples, bundled with the package)
  --split <name>  split to show (default: validation)
  --out <dir>     folder for the overlay PNGs (default: ./diffseg30k-demo)
  --limit <n>     show at most n images
  -h, --help      show this help
`;

/** `diffseg30k demo`: stream a split, print what it holds, write overlay PNGs. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'stream the bundled samples, print them and write overlay PNGs',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { ...DATA_OPTION, split: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' } });
    const { values } = parsed;
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a positive integer, got ${values.limit}`);
    const source = datasetArgument({ ...parsed, fallback: 'samples' });
    const split = (values.split as string | undefined) ?? 'validation';
    const out = resolve(io.cwd, (values.out as string | undefined) ?? 'diffseg30k-demo');
    const cannotWrite = (path: string) => (cause: Error): never => {
      throw new OutputError({ path, message: `cannot write: ${cause.message}`, cause });
    };
    await mkdir(out, { recursive: true }).catch(cannotWrite(out));

    const rows: (string | number)[][] = [];
    let edited = 0;
    for await (const s of loadSplit(split, { source, cwd: io.cwd, limit, rank: 0, worldSize: 1 })) {
      // A mask-only sample (the authors' zip layout) has no turns: the legend lists the
      // generators its label map shows, without an order.
      const turns = s.turns ?? s.generators.map((generator) => ({ generator, edit_type: 'attribute' as const, prompt: '(unknown)' }));
      const png = await renderOverlay({ image: await s.image(), labelMap: await s.labelMap(), turns });
      const path = join(out, `${s.id}.overlay.png`);
      await writeFile(path, png).catch(cannotWrite(path));
      const labels = await s.labelMap();
      let editedPixels = 0;
      for (const v of labels) if (v !== 0 && v !== 255) editedPixels++;
      if (s.turns === null ? editedPixels > 0 : s.num_turns > 0) edited++;
      rows.push([
        s.id,
        s.base_type ?? '?',
        s.num_turns ?? '?',
        s.turns === null ? `${s.generators.join(', ') || 'none'} (mask only)` : s.turns.map((t) => t.generator).join(' → ') || '(unedited)',
        s.turns === null ? '?' : [...new Set(s.turns.map((t) => t.edit_type))].join(', ') || '-',
        `${((100 * editedPixels) / labels.length).toFixed(1)} %`,
        s.quality_score ?? '-',
      ]);
    }
    io.stdout(formatTable({ header: ['id', 'base', 'turns', 'models (in edit order)', 'edit types', 'edited', 'quality'], rows }));
    io.stdout(`\n${rows.length} images of split '${split}' (${edited} edited, ${rows.length - edited} unedited)\n`);
    io.stdout(`overlays written to ${out}\n`);
    return rows.length > 0 ? EXIT.ok : EXIT.data;
  },
};
