import { validateDataset } from '../../validate/validate-dataset.js';
import { DATA_OPTION, datasetArgument, datasetName } from '../dataset-argument.js';
import { type Command, EXIT, parseCommandArgs } from '../command.js';
import { progressBar } from '../progress-bar.js';

const HELP = `Usage: diffseg30k validate [hf://datasets/{org}/{name}[@{rev}] | <dir> | <file.zip> | samples] [--split <name>]... [--json]

Checks every invariant of the format over every record: the schema, turns composing to the mask,
area and bbox against each RLE, label ↔ generator, num_turns, image and mask sizes, unique ids,
and the card's counts. Reads everything, modifies nothing, reports every bad record.

Exit status: 0 when the dataset is valid, 1 when any record is bad, 2 on a usage error.

Options:
  --split <name>  check only this split (repeatable)
  --json          print the report as JSON
  -h, --help      show this help
`;

/** `diffseg30k validate`: every invariant over every record, exit 1 with a report when any fails. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check every invariant over every record of a dataset',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { ...DATA_OPTION, split: { type: 'string', multiple: true }, json: { type: 'boolean' } });
    const { values } = parsed;
    const dataset = datasetArgument(parsed);
    const bar = progressBar({ io, label: 'validate' });
    const report = await validateDataset({
      source: dataset,
      cwd: io.cwd,
      splits: values.split as string[] | undefined,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    if (values.json) {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? EXIT.ok : EXIT.data;
    }
    const counted = Object.entries(report.records).map(([s, n]) => `${s} ${n}`).join(', ');
    if (report.ok) {
      io.stdout(`valid: ${datasetName(dataset)} (${counted || 'no records'})\n`);
      return EXIT.ok;
    }
    const lines = report.problems.map((p) => {
      const where = [p.file, p.rowGroup !== undefined ? `row group ${p.rowGroup}` : '', p.row !== undefined ? `row ${p.row}` : '', p.id ? `record ${p.id}` : '']
        .filter(Boolean)
        .join(', ');
      return `${where}\n${p.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`).join('\n')}`;
    });
    io.stdout(`${lines.join('\n')}\n\ninvalid: ${report.problems.length} problem(s) in ${datasetName(dataset)} (checked ${counted})\n`);
    return EXIT.data;
  },
};
