/** A local directory as a DatasetSource that records every read of its files as it is asked for. */
import { localSource } from '../../src/repo/local-source.js';
import type { DatasetSource } from '../../src/repo/dataset-source.js';

/** One read: the file (path in the dataset), its length, and the range asked. */
export interface RecordedRead {
  path: string;
  byteLength: number;
  start: number;
  end: number;
}

/**
 * The directory through a source that records its reads (`reads`, in the order asked); `name`
 * (default: the path) also keys what the process keeps of the files, so another name reuses
 * nothing parsed under the first.
 */
export async function countedLocalSource(params: { dir: string; name?: string }): Promise<{ source: DatasetSource; reads: RecordedRead[] }> {
  const inner = await localSource({ path: params.dir, name: params.name });
  const reads: RecordedRead[] = [];
  const source: DatasetSource = {
    ...inner,
    name: inner.name,
    revision: undefined,
    listFiles: () => inner.listFiles(),
    readFile: (p) => inner.readFile(p),
    open: async (p) => {
      const bytes = await inner.open(p);
      return { name: bytes.name, byteLength: bytes.byteLength, read: (start, end) => (reads.push({ path: p.path, byteLength: bytes.byteLength, start, end }), bytes.read(start, end)) };
    },
  };
  return { source, reads };
}
