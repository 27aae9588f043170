import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../../src/index.js';
import { samplesDirectory } from '../../src/repo/index.js';
import { datasetStatistics, type DatasetStatistics } from '../../src/stats/dataset-statistics.js';
import { statisticsMarkdown } from '../../src/stats/statistics-markdown.js';

/** The rows of the Markdown table under a heading, as arrays of cells. */
function tableAfter(markdown: string, heading: string, nth = 0): string[][] {
  const section = markdown.slice(markdown.indexOf(heading));
  const tables = section.split(/\n\n/).filter((block) => block.startsWith('|'));
  return tables[nth]
    .split('\n')
    .slice(2)
    .map((line) => line.slice(2, -2).split(/(?<!\\)\|/).map((c) => c.trim()));
}
const num = (cell: string) => Number(cell.replace(/,/g, ''));

describe('statisticsMarkdown', () => {
  it('prints the numbers of every panel as tables', async () => {
    const s = await datasetStatistics({ source: 'samples' });
    const md = statisticsMarkdown({ statistics: s });
    expect(md).toMatch(/^# Dataset statistics — DiffSeg30k synthetic samples\n/);
    expect(tableAfter(md, '## (a)').slice(0, s.categories!.top.length).map((r) => [r[0], num(r[1])])).toEqual(s.categories!.top.map((t) => [t.category, t.edits]));
    const areas = tableAfter(md, '## (b)');
    expect(areas).toHaveLength(20);
    expect(areas[0][0]).toBe('0%–5%');
    expect(areas.map((r) => num(r[1]))).toEqual(s.areaRatio.perEdit);
    expect(areas.map((r) => num(r[2]))).toEqual(s.areaRatio.perImage);
    expect(tableAfter(md, '## (b)', 1).map((r) => r.slice(1).map(num))).toEqual(areas.map((_, i) => GENERATORS.map((g) => s.areaRatio.perGenerator[g][i])));
    const edits = tableAfter(md, '## (c)');
    for (const [i, g] of GENERATORS.entries()) expect(edits[i].map((c, k) => (k ? num(c) : c))).toEqual([g, ...s.edits.byRound[g], s.edits.total[g], s.edits.imagesWithGenerator[g]]);
    expect(tableAfter(md, '## (d)').map((r) => [r[0], num(r[1])])).toEqual(Object.entries(s.rounds!.byNumTurns).map(([k, v]) => [k === '0' ? '0 (unedited)' : k, v]));
    expect(md).toContain('1 : 2 : 3 rounds = 1.00 : 4.00 : 5.00');
    expect(tableAfter(md, '## (e)').slice(0, 2).map((r) => [r[0], num(r[1])])).toEqual([['real', s.baseImages!.real], ['generated', s.baseImages!.generated]]);
  });

  it('escapes table syntax in category names and says what a mask-only layout cannot give', async () => {
    const s = await datasetStatistics({ source: 'samples' });
    const hostile: DatasetStatistics = { ...s, categories: { ...s.categories!, top: [{ category: 'a | b\nc', edits: 3 }] } };
    const rows = tableAfter(statisticsMarkdown({ statistics: hostile }), '## (a)');
    expect(rows[0]).toEqual(['a \\| b c', '3', '2.5%']);

    const zip = await datasetStatistics({ source: join(samplesDirectory(), '..', 'authors-layout.zip') });
    const md = statisticsMarkdown({ statistics: zip });
    expect(tableAfter(md, '# Dataset').map((r) => r.slice(0, 2))).toEqual([['(a)', 'unavailable'], ['(b)', 'partial'], ['(c)', 'partial'], ['(d)', 'unavailable'], ['(e)', 'unavailable']]);
    expect(md).toMatch(/## \(d\) Images by number of rounds\n\nNot available: .*number of rounds is unknown/);
    expect(tableAfter(md, '## (c)').map((r) => [r[0], num(r[1])])).toEqual(GENERATORS.map((g) => [g, zip.edits.imagesWithGenerator[g]]));
  });
});
