import { describeDataset } from '../../stats/describe-dataset.js';
import { GENERATORS } from '../../schema/labels.js';
import { DATA_OPTION, datasetArgument } from '../dataset-argument.js';
import { type Command, EXIT, parseCommandArgs } from '../command.js';
import { formatTable } from '../format-table.js';
import { progressBar } from '../progress-bar.js';

const HELP = `Usage: diffseg30k info [hf://datasets/{org}/{name}[@{rev}] | <dir> | <file.zip> | samples] [--json]

Prints what a dataset holds, split by split: records, unedited negatives, images with 1/2/3 turns,
shards and bytes; then the edits each generator made at each turn, edit types and base types.
Reads metadata only (no image bytes; for layouts without turns, the masks). Without a dataset:
DIFFSEG30K_SOURCE, else hf://datasets/Chaos2629/Diffseg30k.

Options:
  --json      print the statistics as JSON
  -h, --help  show this help
`;

/** `diffseg30k info`: the statistics of a dataset (paper Figure 3), from a metadata-only pass. */
export const infoCommand: Command = {
  name: 'info',
  summary: 'splits, counts, generators per turn and bytes of a dataset',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { ...DATA_OPTION, json: { type: 'boolean' } });
    const { values } = parsed;
    const bar = progressBar({ io, label: 'info' });
    const description = await describeDataset({ source: datasetArgument(parsed), cwd: io.cwd, onProgress: (done, total) => bar.update(done, total) });
    bar.done();
    if (values.json) {
      io.stdout(`${JSON.stringify(description, null, 2)}\n`);
      return EXIT.ok;
    }
    const { splits } = description;
    const maxTurns = Math.max(3, ...splits.flatMap((s) => Object.keys(s.byNumTurns).map(Number)));
    const turnColumns = Array.from({ length: maxTurns }, (_, i) => i + 1);
    let out = `dataset ${description.source}${description.title ? ` — ${description.title}` : ''}\n\n`;
    out += formatTable({
      header: ['split', 'records', 'negatives', ...turnColumns.map((t) => `${t}-turn`), 'shards', 'MB'],
      rows: splits.map((s) => [
        s.name,
        s.records,
        s.negatives,
        ...turnColumns.map((t) => s.byNumTurns[t] ?? 0),
        s.shards,
        Number((s.bytes / 1e6).toFixed(2)),
      ]),
    });
    out += '\nedits per generator and turn (all splits)\n';
    out += formatTable({
      header: ['generator', ...turnColumns.map((t) => `turn ${t}`), 'total'],
      rows: GENERATORS.map((g) => {
        const counts = turnColumns.map((t) => splits.reduce((a, s) => a + (s.byGenerator[g]?.[t - 1] ?? 0), 0));
        return [g, ...counts, counts.reduce((a, b) => a + b, 0)];
      }),
    });
    const totals = (key: 'byEditType' | 'byBaseType') => {
      const merged: Record<string, number> = {};
      for (const s of splits) for (const [k, v] of Object.entries(s[key])) merged[k] = (merged[k] ?? 0) + v;
      return Object.entries(merged).map(([k, v]) => `${k} ${v}`).join(', ');
    };
    out += `\nedit types: ${totals('byEditType') || 'none'}\nbase images: ${totals('byBaseType') || 'none'}\n`;
    const maskOnly = splits.reduce((n, s) => n + s.maskOnly, 0);
    if (maskOnly > 0) {
      // Layouts without turns: no per-turn counts exist; the label maps still show the generators.
      const present = GENERATORS.map((g) => `${g} ${splits.reduce((n, s) => n + (s.imagesWithGenerator[g] ?? 0), 0)}`).join(', ');
      out += `\nmask-only records (turns, base and quality unknown): ${maskOnly}\nimages per generator in their label maps: ${present}\n`;
    }
    io.stdout(out);
    return EXIT.ok;
  },
};
