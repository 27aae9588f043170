/**
 * The shards in an SQL engine: the DuckDB queries of docs/format.md §4.4, run as printed over the
 * bundled samples, give exactly what describeDataset reports.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { samplesDirectory } from '../../src/repo/index.js';
import { describeDataset } from '../../src/stats/index.js';

const root = resolve(import.meta.dirname, '..', '..');

/** The statements of the first ```sql block after the §4.4 heading. */
async function documentedQueries(): Promise<string[]> {
  const doc = await readFile(resolve(root, 'docs', 'format.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### 4.4'));
  const block = /```sql\n([\s\S]*?)```/.exec(section)![1];
  return block
    .split(/;\s*\n/)
    .map((q) => q.replace(/^--.*$/gm, '').trim())
    .filter(Boolean);
}

describe('describeDataset and SQL over the shards (DuckDB)', () => {
  it('counts per split, per number of turns, per generator and turn, and mean quality agree exactly', async () => {
    const queries = await documentedQueries();
    expect(queries).toHaveLength(3);
    const dir = samplesDirectory();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const run = async (sql: string) =>
        (await connection.runAndReadAll(sql.replaceAll("'data/*.parquet'", `'${dir}/data/*.parquet'`))).getRowObjectsJS() as Record<string, unknown>[];
      const [perSplit, perTurns, perGenerator] = [await run(queries[0]), await run(queries[1]), await run(queries[2])];
      const { splits } = await describeDataset({ source: 'samples' });

      expect(perSplit.map((r) => [r.split, Number(r.records), Number(r.negatives)])).toEqual(
        [...splits].sort((a, b) => a.name.localeCompare(b.name)).map((s) => [s.name, s.records, s.negatives]),
      );
      for (const s of splits) {
        const row = perSplit.find((r) => r.split === s.name)!;
        // Both average the same float32 values in double precision; only the summation order may differ.
        expect(row.mean_quality as number).toBeCloseTo(s.meanQuality!, 12);

        const turns: Record<number, number> = {};
        for (const r of perTurns.filter((r) => r.split === s.name)) turns[Number(r.num_turns)] = Number(r.images);
        expect(turns).toEqual(s.byNumTurns);

        const generators: Record<string, number[]> = {};
        for (const [g, counts] of Object.entries(s.byGenerator)) if (counts.some((c) => c > 0)) generators[g] = counts;
        const fromSql: Record<string, number[]> = {};
        for (const r of perGenerator.filter((r) => r.split === s.name)) {
          const row = (fromSql[r.generator as string] ??= []);
          const turn = Number(r.turn) - 1;
          while (row.length <= turn) row.push(0);
          row[turn] = Number(r.edits);
        }
        // describeDataset gives every row one length (trailing zeros kept); SQL has no row for a zero.
        for (const row of Object.values(fromSql)) while (row.length < Object.values(generators)[0].length) row.push(0);
        expect(fromSql).toEqual(generators);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
