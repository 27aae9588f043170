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

/**
 * Layout 2: the bundled samples as plain image/mask Parquet (only the `image` and `mask` columns,
 * read from the canonical shards by Arrow and written back by parquet-wasm), in the Hub's
 * `refs/convert/parquet` naming `default/{split}/0000.parquet`, row groups of `rowGroupRows`.
 */
export async function imageMaskFiles(params: { withId?: boolean; rowGroupRows?: number } = {}): Promise<Record<string, Uint8Array>> {
  const { openDataset } = await import('../../src/format/open-dataset.js');
  const { openShard } = await import('../../src/format/open-shard.js');
  const parquet = await import('parquet-wasm/node');
  const { Table, tableToIPC } = await import('apache-arrow');
  const layout = await openDataset({ source: 'samples' });
  const files: Record<string, Uint8Array> = {};
  for (const split of layout.splits) {
    const tables = [];
    for (const { path } of split.files) {
      const shard = await openShard({ byteSource: await layout.source.open({ path }), split: split.name });
      for (let g = 0; g < shard.rowGroups.length; g++) tables.push(await shard.readTable({ rowGroup: g, columns: params.withId ? ['id', 'image', 'mask'] : ['image', 'mask'] }));
    }
    const table = tables.slice(1).reduce((a, b) => a.concat(b), tables[0]);
    const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).setMaxRowGroupSize(params.rowGroupRows ?? 5).build();
    files[`default/${split.name}/0000.parquet`] = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(new Table(table.batches), 'stream')), props);
  }
  return files;
}

/** Layout 3: the authors' layout zip (stored members) and the ZIP64 fixture (made by Info-ZIP with `-fz`). */
export async function authorsZips(): Promise<{ zip: Uint8Array; zip64: Uint8Array }> {
  const zip = new Uint8Array(await readFile(new URL('../../samples/authors-layout.zip', import.meta.url)));
  const zip64 = new Uint8Array(await readFile(new URL('../fixtures/zip64/authors-zip64.zip', import.meta.url)));
  return { zip, zip64 };
}
