/**
 * The one byte-range interface every source implements (a local file, a buffer, HTTP, the Hub).
 * Decoders (Parquet, zip, PNG) only ever receive bytes a source already delivered; they never do
 * I/O themselves, so retries, accounting and error wording live in one place.
 */
export interface ByteSource {
  /** What to call this source in an error message: a file path or URL. */
  readonly name: string;
  /** Total size in bytes. */
  readonly byteLength: number;
  /**
   * Bytes `[start, end)`. Rejects with a {@link index!SourceError} when the range is outside the source
   * or the bytes cannot be had; never resolves with fewer bytes than asked.
   */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** Checks a requested range against a source's length (shared by every implementation). */
export function checkRange(source: { name: string; byteLength: number }, start: number, end: number): string | undefined {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    return `invalid byte range [${start}, ${end})`;
  }
  if (end > source.byteLength) {
    return `byte range [${start}, ${end}) is past the end of the ${source.byteLength}-byte source`;
  }
  return undefined;
}
