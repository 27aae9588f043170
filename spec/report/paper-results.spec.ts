/** The published rows are checked against the paper's text, so a typo in them fails here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAPER_RESULTS, type PaperMetric } from '../../src/report/paper-results.js';

const PAPER = '/work/shared/paper/DiffSeg30k-paper.txt';
let text: string | undefined;
try {
  text = readFileSync(PAPER, 'utf8');
} catch {
  console.log(`SKIPPED: paper-results against the paper's text: ${PAPER} is not on this machine`);
}

const numbers = (line: string) => [...line.matchAll(/\b[01]\.\d{3}\b/g)].map((m) => Number(m[0]));
const row = (values: Partial<Record<PaperMetric, number>>, metrics: PaperMetric[]) => metrics.map((m) => values[m]);
const SEG: PaperMetric[] = ['binary.accuracy', 'binary.miou', 'binary.bf1', 'semantic.accuracy', 'semantic.miou', 'semantic.bf1'];

describe.skipIf(text === undefined)("PAPER_RESULTS, against the paper's text", () => {
  const lines = (text ?? '').split('\n');
  const line = (setting: string, after: string) => {
    const start = lines.findIndex((l) => l.startsWith(after));
    const found = lines.slice(start).find((l) => l.includes(`\t${setting}\t`));
    return numbers(found ?? '');
  };

  it('Tables 3, 5 and 7: every setting row', () => {
    for (const r of PAPER_RESULTS.table3.rows) expect(row(r.values, SEG), r.setting).toEqual(line(r.setting!, 'Table 3:'));
    for (const r of PAPER_RESULTS.table5.rows) expect(row(r.values, SEG.slice(0, 3)), r.setting).toEqual(line(r.setting!, 'Table 5:'));
    for (const r of PAPER_RESULTS.table7.rows) expect(row(r.values, ['detection.accuracy', 'detection.ap']), r.setting).toEqual(line(r.setting!, 'Table 7:'));
  });

  it('Table 4: SDXL and SDXL-LoRA, read from the row that names both', () => {
    const start = lines.findIndex((l) => l.startsWith('Table 4:'));
    const found = lines.slice(start).find((l) => l.includes('SDXL SDXL-LoRA'))!;
    expect(PAPER_RESULTS.table4.rows.map((r) => r.setting)).toEqual(['SDXL', 'SDXL-LoRA']);
    expect(PAPER_RESULTS.table4.rows.map((r) => r.values['semantic.miou'])).toEqual(numbers(found));
  });

  it('Table 6: both detectors', () => {
    for (const r of PAPER_RESULTS.table6.rows) {
      const found = lines.find((l) => l.startsWith(`${r.model} (`))!;
      expect(row(r.values, ['detection.accuracy', 'detection.ap'])).toEqual(numbers(found));
    }
  });

  it("Table 2: DeepLabv3+ equals Table 3's baseline; the FCN-8s cells are the line's other numbers", () => {
    const [fcn, deeplab] = PAPER_RESULTS.table2.rows;
    expect(deeplab.values).toEqual(PAPER_RESULTS.table3.rows[0].values);
    const table2 = numbers(lines.find((l) => l.startsWith('Binary segmentation Semantic segmentation Acc'))!);
    const rest = [...table2];
    for (const v of row(deeplab.values, SEG)) rest.splice(rest.indexOf(v!), 1);
    expect(row(fcn.values, SEG).sort()).toEqual(rest.sort());
  });
});
