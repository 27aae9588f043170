import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { GENERATORS, loadSplit } from '../../src/index.js';
import { memoryIo } from './io.js';

describe('diffseg30k info', () => {
  it('prints splits, counts and generators per turn of the samples', async () => {
    const io = memoryIo();
    expect(await runCli(['info', 'samples'], io)).toBe(0);
    let validation = 0;
    for await (const _ of loadSplit('validation', { source: 'samples', metadataOnly: true })) validation++;
    expect(io.out()).toMatch(new RegExp(`validation\\s+${validation}\\s`));
    for (const g of GENERATORS) expect(io.out()).toContain(g);
    expect(io.out()).toMatch(/edit types: .*attribute/);
  });

  it('gives the same statistics as JSON', async () => {
    const io = memoryIo();
    expect(await runCli(['info', 'samples', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    const counted: Record<string, number> = {};
    for (const split of ['train', 'validation']) {
      counted[split] = 0;
      for await (const _ of loadSplit(split, { source: 'samples', metadataOnly: true })) counted[split]++;
    }
    expect(Object.fromEntries(json.splits.map((s: { name: string; records: number }) => [s.name, s.records]))).toEqual(counted);
    const edits = json.splits.flatMap((s: { byGenerator: Record<string, number[]> }) => Object.values(s.byGenerator).flat()).reduce((a: number, b: number) => a + b, 0);
    expect(edits).toBeGreaterThan(0);
  });

  it('exits 1 for a directory that is not a dataset and 2 for two; reads the default dataset without one', async () => {
    const io = memoryIo();
    expect(await runCli(['info', '/nonexistent-dir'], io)).toBe(1);
    expect(io.err()).toMatch(/not a dataset: it does not exist/);
    expect(await runCli(['info', 'samples', 'samples'], memoryIo())).toBe(2);
    const saved = process.env.DIFFSEG30K_SOURCE;
    process.env.DIFFSEG30K_SOURCE = 'samples';
    const io2 = memoryIo();
    expect(await runCli(['info'], io2).finally(() => (saved === undefined ? delete process.env.DIFFSEG30K_SOURCE : (process.env.DIFFSEG30K_SOURCE = saved)))).toBe(0);
    expect(io2.out()).toMatch(/^dataset samples/);
  });
});

describe('diffseg30k info on a terminal', () => {
  it('shows progress on stderr and keeps stdout to the table', async () => {
    let records = 0;
    for (const split of ['train', 'validation']) for await (const _ of loadSplit(split, { source: 'samples', metadataOnly: true })) records++;
    const io = memoryIo({ isTTY: true });
    expect(await runCli(['info', 'samples'], io)).toBe(0);
    expect(io.err()).toMatch(new RegExp(`info \\[#+\\] ${records}/${records}`));
    expect(io.out()).not.toMatch(/\r/);
  });
});
