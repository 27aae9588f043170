import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LABELS, loadSplit } from '../../src/index.js';
import { decodeLabelMap, encodeLabelMap } from '../../src/mask/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from '../cli/io.js';
import { findPython, runPython } from '../helpers/python.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Every id the format has (0..8 and 255) and some it does not, in runs and alone. */
function testMap(width: number, height: number): Uint8Array {
  const labels = new Uint8Array(width * height);
  for (let i = 0; i < labels.length; i++) labels[i] = i % 7 === 0 ? 255 : Math.floor(i / 5) % 9;
  labels[labels.length - 1] = 200;
  return labels;
}

const python = findPython(['PIL', 'numpy']);

describe('encodeLabelMap', () => {
  it('writes grey and palette PNGs that decodeLabelMap reads back exactly', async () => {
    for (const [width, height] of [[1, 1], [37, 11], [256, 3]] as const) {
      const labels = testMap(width, height);
      for (const format of ['grey', 'palette'] as const) {
        const png = await encodeLabelMap({ labels, width, height, format });
        expect(await decodeLabelMap({ bytes: png, name: `${format}.png`, width, height }), `${format} ${width}×${height}`).toEqual(labels);
      }
    }
  });

  it('writes grey by default, and the palette holds the overlay colours of the generators', async () => {
    const labels = testMap(4, 4);
    const grey = await encodeLabelMap({ labels, width: 4, height: 4 });
    expect(grey[25]).toBe(0); // IHDR colour type: greyscale
    const palette = await encodeLabelMap({ labels, width: 4, height: 4, format: 'palette' });
    expect(palette[25]).toBe(3); // IHDR colour type: palette
    const plte = Buffer.from(palette).indexOf('PLTE');
    const rgb = palette.subarray(plte + 4, plte + 4 + 256 * 3);
    for (const label of LABELS) expect([...rgb.subarray(label.id * 3, label.id * 3 + 3)]).toEqual([...label.color]);
  });

  it.skipIf(!python.ok)('PIL reads both kinds as the same ids (mode L and mode P)', async () => {
    const dir = await tempDir('diffseg30k-encode-');
    const labels = testMap(53, 29);
    for (const format of ['grey', 'palette'] as const) await writeFile(join(dir, `${format}.png`), await encodeLabelMap({ labels, width: 53, height: 29, format }));
    const out = await runPython(
      (python as { path: string }).path,
      'import sys, json, numpy as np\nfrom PIL import Image\nfor f in ("grey", "palette"):\n  im = Image.open(f"{sys.argv[1]}/{f}.png")\n  print(json.dumps({"mode": im.mode, "size": im.size, "values": np.asarray(im).reshape(-1).tolist()}))',
      [dir],
    );
    const [grey, palette] = out.trim().split('\n').map((line) => JSON.parse(line) as { mode: string; size: number[]; values: number[] });
    expect(grey.mode).toBe('L');
    expect(palette.mode).toBe('P');
    for (const read of [grey, palette]) {
      expect(read.size).toEqual([53, 29]);
      expect(read.values).toEqual([...labels]);
    }
  });

  it('gives predictions that diffseg30k eval scores: the truth written as a prediction scores 1', async () => {
    const dir = await tempDir('diffseg30k-encode-');
    const preds = join(dir, 'preds');
    await mkdir(preds);
    let i = 0;
    for await (const s of loadSplit('validation', { source: 'samples' })) {
      // Alternate the kinds: eval reads both.
      const format = i++ % 2 === 0 ? 'grey' : 'palette';
      await writeFile(join(preds, `${s.id}.png`), await encodeLabelMap({ labels: await s.labelMap(), width: s.width, height: s.height, format }));
    }
    const json = join(dir, 'eval.json');
    const io = memoryIo();
    const code = await runCli(['eval', '--data', 'samples', '--split', 'validation', '--pred', preds, '--json', json], io);
    expect(code, io.err()).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.overall.semantic.miou).toBe(1);
    expect(report.overall.binary.miou).toBe(1);
  });

  it('refuses what cannot be a label map with an ArgumentError saying why', async () => {
    const labels = new Uint8Array(6);
    const cases: [object, RegExp][] = [
      [{ labels, width: 4, height: 2 }, /labels has 6 bytes but 4×2 needs 8/],
      [{ labels, width: 3.5, height: 2 }, /width must be a positive integer/],
      [{ labels, width: 3, height: 0 }, /height must be a positive integer/],
      [{ labels: [0, 0, 0, 0, 0, 0], width: 3, height: 2 }, /labels must be a Uint8Array/],
      [{ labels, width: 3, height: 2, format: 'rgb' }, /format must be 'grey' or 'palette'/],
      [{ labels, width: 3, height: 2, fromat: 'grey' }, /unknown option `fromat`; did you mean `format`\?/],
      [{ labels, width: 20000, height: 20000 }, /more than the/],
    ];
    for (const [params, message] of cases) {
      const error = await encodeLabelMap(params as never).catch((e) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(message);
    }
  });
});
