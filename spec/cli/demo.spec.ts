import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { LABELS, loadSplit } from '../../src/index.js';
import { labelOfGenerator } from '../../src/format/index.js';
import { memoryIo } from './io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('diffseg30k demo', () => {
  it('streams the validation split, prints a table and writes one overlay PNG per image', async () => {
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['demo', '--out', 'overlays'], io)).toBe(0);
    const ids: string[] = [];
    for await (const s of loadSplit('validation', { source: 'samples', metadataOnly: true })) ids.push(s.id);
    for (const id of ids) expect(io.out()).toContain(id);
    expect(io.out()).toContain(`overlays written to ${join(dir, 'overlays')}`);
    const files = (await readdir(join(dir, 'overlays'))).sort();
    expect(files).toEqual(ids.map((id) => `${id}.overlay.png`).sort());
  });

  it("tints an edited region in its generator's colour", async () => {
    const out = join(dir, 'tint');
    expect(await runCli(['demo', '--out', out, '--limit', '3'], memoryIo())).toBe(0);
    for await (const s of loadSplit('validation', { source: 'samples', limit: 3 })) {
      const { data, info } = await sharp(join(out, `${s.id}.overlay.png`)).raw().toBuffer({ resolveWithObject: true });
      expect(info.height).toBeGreaterThan(s.height); // legend below the image
      const labels = await s.labelMap();
      const image = await s.image();
      const last = s.turns!.at(-1);
      if (!last) continue;
      const label = labelOfGenerator(last.generator);
      const color = LABELS[label].color;
      // Overlay pixels of that label move towards the colour compared with the original image.
      let closer = 0;
      let total = 0;
      for (let y = 0; y < s.height; y++) {
        for (let x = 0; x < s.width; x++) {
          const p = y * s.width + x;
          if (labels[p] !== label) continue;
          total++;
          const o = (y * info.width + x) * info.channels;
          const i = p * image.channels;
          const before = Math.abs(image.data[i] - color[0]) + Math.abs(image.data[i + 1] - color[1]) + Math.abs(image.data[i + 2] - color[2]);
          const after = Math.abs(data[o] - color[0]) + Math.abs(data[o + 1] - color[1]) + Math.abs(data[o + 2] - color[2]);
          if (after < before || before === 0) closer++;
        }
      }
      expect(total).toBeGreaterThan(0);
      expect(closer / total).toBeGreaterThan(0.95);
    }
  });

  it('an --out that cannot be written is a typed OUTPUT_ERROR (exit 1), not an internal error', async () => {
    await writeFile(join(dir, 'taken'), 'a file, not a folder');
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['demo', '--out', 'taken', '--limit', '1'], io)).toBe(1);
    expect(io.err()).toMatch(/^diffseg30k demo: output: .*taken: cannot write: EEXIST/);
  });

  it('rejects a bad --limit with exit 2', async () => {
    expect(await runCli(['demo', '--limit', '0'], memoryIo({ cwd: dir }))).toBe(2);
  });
});
