import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FormatError } from '../../src/index.js';
import { readDatasetCard } from '../../src/card/read-dataset-card.js';
import { localSource } from '../../src/repo/local-source.js';
import { tempDir } from '../helpers/temp-dir.js';

const read = async (dir: string) => {
  const source = await localSource({ path: dir });
  return readDatasetCard({ source, files: await source.listFiles() });
};

describe('readDatasetCard', () => {
  it('reads a location without a card as undefined', async () => {
    const dir = await tempDir('diffseg30k-card-');
    await writeFile(join(dir, 'data.parquet'), 'x');
    expect(await read(dir)).toBeUndefined();
  });

  it('reuses the card it parsed while the file is unchanged — a copy each time — and reads a rewritten card afresh', async () => {
    const dir = await tempDir('diffseg30k-card-');
    const card = join(dir, 'README.md');
    await writeFile(card, '---\npretty_name: Layout spec\nlicense: mit\n---\n# Layout spec\n');
    const text = await readFile(card, 'utf8');
    // The card's stat vouches for it once unchanged for two seconds: the clock is moved on so it is.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 60_000);
      const first = await read(dir);
      expect(first?.data.pretty_name).toBe('Layout spec');
      first!.data.pretty_name = 'changed by a caller';
      expect((await read(dir))?.data.pretty_name).toBe('Layout spec');
      await new Promise((r) => setTimeout(r, 50)); // a later timestamp tick, however coarse the filesystem's
      await writeFile(card, text.replace('Layout spec', 'Layout spek')); // the same size
      expect((await read(dir))?.data.pretty_name).toBe('Layout spek');
      await writeFile(card, text.replace('Layout spec', 'A longer title'));
      expect((await read(dir))?.data.pretty_name).toBe('A longer title');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a card whose front matter is not YAML with a FormatError naming it', async () => {
    const dir = await tempDir('diffseg30k-card-');
    await writeFile(join(dir, 'README.md'), '---\nconfigs: [unclosed\n---\n');
    const e = await read(dir).catch((x) => x);
    expect(e).toBeInstanceOf(FormatError);
    expect(e.message).toBe(`card: ${dir}/README.md: front matter is not valid YAML: ${e.cause.message}`);
  });
});
