import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutputError } from '../../errors.js';
import { PAPER_TABLES, type PaperTableName } from '../../report/paper-results.js';
import { TABLE_FORMATS, type TableFormat, paperTable } from '../../report/paper-table.js';
import { readEvaluationRun } from '../../report/read-evaluation-run.js';
import { type Command, EXIT, UsageError, parseCommandArgs } from '../command.js';

const HELP = `Usage: diffseg30k table RUN.json… [--paper table2|table3|table4|table5|table6|table7] [--format md|latex|csv|html] [options]

Sets your runs (the JSON files of 'diffseg30k eval --json', one per run) beside the paper's
published rows, in the shape of one of its tables (docs/report.md):
  table2  binary and semantic Acc, mIoU, bF1 per model (paper: FCN-8s, DeepLabv3+)
  table3  the same per distortion (paper: DeepLabv3+ at baseline, JPEG 60/80, resize 256/1024)
  table4  semantic mIoU on SDXL masks per edit model in val (paper: DeepLabv3+ on SDXL and
          SDXL-LoRA edits; runs need eval --generators sdxl)
  table5  binary Acc, mIoU, bF1 per unseen generator pair (paper: DeepLabv3+)
  table6  detection Acc and mAP (paper: CNNSpot, UniversalFakeDet; runs need eval --scores)
  table7  the same per unseen generator pair (paper: UniversalFakeDet)
The paper's rows are marked "(paper)"; a note names your runs' bF1 convention.

Options:
  --paper <t>        the table's shape (default: table2)
  --format <f>       md | latex (booktabs tabular) | csv | html (default: md)
  --label <name>     a run's row label, in the order of the files (repeatable; default: the file
                     name without .json). In tables 3, 4, 5 and 7 it is the setting ("JPEG 60")
  --model <name>     your rows' model name in tables 3, 4, 5 and 7 (default: ours)
  --out <file>       write the table there instead of printing it
  -h, --help         this help

Exit codes: 0 ok, 1 a file that is not an eval --json report, 2 usage.
`;

/**
 * \`diffseg30k table\`: eval runs beside the paper's published numbers, as Markdown, LaTeX, CSV or HTML.
 *
 * @example
 * \`\`\`sh
 * diffseg30k table baseline.json jpeg60.json --label Baseline --label "JPEG 60" --paper table3 --format latex
 * \`\`\`
 */
export const tableCommand: Command = {
  name: 'table',
  summary: "eval runs beside the paper's Tables 2, 3, 5, 6, 7 (md, LaTeX, CSV, HTML)",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      paper: { type: 'string', default: 'table2' },
      format: { type: 'string', default: 'md' },
      label: { type: 'string', multiple: true },
      model: { type: 'string' },
      out: { type: 'string' },
    });
    const paper = values.paper as string;
    if (!(PAPER_TABLES as readonly string[]).includes(paper)) throw new UsageError(`--paper must be one of ${PAPER_TABLES.join(', ')}, got '${paper}'`);
    const format = values.format as string;
    if (!(TABLE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(', ')}, got '${format}'`);
    if (positionals.length === 0) throw new UsageError('give at least one RUN.json (written by diffseg30k eval --json)');
    const labels = (values.label as string[] | undefined) ?? [];
    if (labels.length > 0 && labels.length !== positionals.length) throw new UsageError(`--label given ${labels.length} times for ${positionals.length} runs: give one per run, in order, or none`);
    const runs = [];
    for (const [i, file] of positionals.entries()) runs.push(await readEvaluationRun({ path: resolve(io.cwd, file), label: labels[i] }));
    const text = paperTable({ paper: paper as PaperTableName, format: format as TableFormat, runs, model: values.model as string | undefined });
    if (values.out === undefined) io.stdout(text);
    else {
      const path = resolve(io.cwd, values.out as string);
      await writeFile(path, text).catch((cause: Error) => {
        throw new OutputError({ path, message: `cannot write the table: ${cause.message}`, cause });
      });
      io.stderr(`wrote ${path}\n`);
    }
    return EXIT.ok;
  },
};
