/** The bundled samples as repo files for the fake Hub, in the layouts the package reads. */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { samplesDirectory } from '../../src/repo/samples-source.js';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** Layout 1: `samples/data` as is (card + `data/*.parquet`), plus the `.gitattributes` every Hub repo has. */
export async function canonicalFiles(): Promise<Record<string, Uint8Array>> {
  const root = samplesDirectory();
  const files: Record<string, Uint8Array> = { '.gitattributes': new TextEncoder().encode('*.parquet filter=lfs diff=lfs merge=lfs -text\n') };
  for (const path of await walk(root)) files[relative(root, path).split(sep).join('/')] = new Uint8Array(await readFile(path));
  return files;
}
