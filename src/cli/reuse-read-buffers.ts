import { readIntoOf } from '../io/from-file.js';
import type { ByteSource } from '../io/byte-source.js';
import type { DatasetSource } from '../repo/dataset-source.js';

/** A buffer large reads go into, and what is known of who still looks at it. */
interface Entry {
  bytes: Uint8Array;
  /** Free: no read, record or reader holds a view of it; the next large read may take it. */
  free: boolean;
  /** Number of the read that took it (reads are numbered in the order they start). */
  takenAt: number;
  /** Number of the last read started when a record first showed a view of it; 0 until then. */
  seenAt: number;
  /** Whether the reader has moved past it: no record yet to be yielded views it. */
  retired: boolean;
  /** Records taken and not yet released that view it. */
  holders: number;
}

/** What {@link reuseReadBuffers} returns. */
export interface ReadBufferReuse {
  /** The location, whose local files read their large ranges into reused buffers. */
  source: DatasetSource;
  /**
   * Called with a record's byte views as the stream yields it; the function returned is called
   * once the record's views are no longer used (bytes kept beyond that must be copies).
   */
  take(views: readonly (Uint8Array | undefined)[]): () => void;
}

/**
 * Wraps a dataset location so that reads of at least `minBytes` from its local files (row groups
 * of photographs: 72 MB for 100 records at 512²) go into a few buffers used again and again
 * rather than fresh memory each time. Fresh memory that large is mmapped by the C allocator,
 * faulted in 4 KiB at a time, unmapped when collected, and makes V8 collect garbage for it: on
 * `diffseg30k distort` over 1,000 records at 512² that was 2.3 s of system time and 1 s of
 * garbage collection, more than half the reading.
 *
 * A buffer is reused only once nothing can look at it any more, which the caller makes provable:
 * it passes every record's views to `take` as the stream yields it, in file order (a row group's
 * records one after another, each row group read before its records are yielded), and releases
 * them when done. A buffer is then *retired* when a record views a buffer whose read started
 * after the first record viewing it was yielded — a later row group's, so every record of the
 * earlier one has been yielded — and free once retired with no holder left. A buffer no record
 * ever views (a column parquet-wasm decodes into copies) is never reused; past `maxBuffers` it
 * is forgotten and left to the garbage collector. Sources that are not local files read as before.
 */
export function reuseReadBuffers(params: { source: DatasetSource; minBytes?: number; maxBuffers?: number }): ReadBufferReuse {
  const { source: inner, minBytes = 4 * 1024 * 1024, maxBuffers = 6 } = params;
  let entries: Entry[] = [];
  let reads = 0;

  const acquire = (size: number): Entry => {
    reads++;
    const fits = entries.filter((e) => e.free && e.bytes.length >= size).sort((a, b) => a.bytes.length - b.bytes.length)[0];
    if (fits) {
      Object.assign(fits, { free: false, takenAt: reads, seenAt: 0, retired: false, holders: 0 });
      return fits;
    }
    // Row groups differ a little in size: room to spare, so the next ones fit the same buffer,
    // and free buffers too small for this one are dropped rather than kept beside it.
    const entry: Entry = { bytes: new Uint8Array(Buffer.allocUnsafeSlow(Math.ceil(size * 1.25)).buffer), free: false, takenAt: reads, seenAt: 0, retired: false, holders: 0 };
    entries = entries.filter((e) => !e.free);
    entries.push(entry);
    // Forgetting a buffer never breaks a view: it is only not reused.
    if (entries.length > maxBuffers) entries.splice(0, entries.length - maxBuffers);
    return entry;
  };

  const wrap = (file: ByteSource): ByteSource => {
    const readInto = readIntoOf(file);
    if (!readInto) return file;
    return {
      name: file.name,
      byteLength: file.byteLength,
      async read(start, end) {
        if (end - start < minBytes || !Number.isInteger(end - start)) return file.read(start, end);
        const entry = acquire(end - start);
        try {
          return await readInto(start, end, entry.bytes);
        } catch (error) {
          entry.free = true; // nothing got a view of it
          throw error;
        }
      },
    };
  };

  const source: DatasetSource = Object.create(inner, {
    open: { value: async (p: { path: string }) => wrap(await inner.open(p)) },
  });

  const take = (views: readonly (Uint8Array | undefined)[]): (() => void) => {
    const held = entries.filter((e) => views.some((v) => v?.buffer === e.bytes.buffer));
    for (const e of held) {
      e.holders++;
      if (e.seenAt === 0) e.seenAt = reads;
    }
    for (const e of entries) {
      if (e.seenAt > 0 && !e.retired && held.some((h) => h.takenAt > e.seenAt)) {
        e.retired = true;
        if (e.holders === 0) e.free = true;
      }
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const e of held) {
        e.holders--;
        if (e.retired && e.holders === 0) e.free = true;
      }
    };
  };

  return { source, take };
}
