import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** How a Hub file's id is computed from its bytes. */
export type DigestKind = 'sha256' | 'git-blob';

/** Digests already computed in this process, by file identity; re-done when the file changed. */
const digests = new Map<string, { size: number; mtimeMs: number; ctimeMs: number; hex: string }>();
/** Entries remembered at most (a few hundred bytes each): far above a dataset's shard count. */
const MAX_REMEMBERED = 100_000;

/**
 * The id of a file's content as the Hub names it: its sha256 (the LFS oid) or its git blob id
 * (`sha1("blob {size}\0" + bytes)`). Computed once per process per file: the answer is kept under
 * the file's device and inode and reused while its size, mtime and ctime are unchanged (a write
 * changes ctime, whoever makes it). Hashing reads the whole file — about 1.5 GB/s on one core
 * here, so a 500 MB shard costs about a third of a second the first time a process opens it.
 * Only a regular file is read (a FIFO put in a cache would block the process).
 * @throws {Error} (the fs error) when the file cannot be read; the caller words it.
 * @internal
 */
export async function fileDigest(params: { path: string; kind: DigestKind }): Promise<string> {
  const before = await stat(params.path);
  if (!before.isFile()) throw Object.assign(new Error(`${params.path} is not a regular file`), { code: 'ENOTFILE' });
  const key = `${params.kind}:${before.dev}:${before.ino}`;
  const known = digests.get(key);
  if (known && known.size === before.size && known.mtimeMs === before.mtimeMs && known.ctimeMs === before.ctimeMs) return known.hex;
  const hash = createHash(params.kind === 'sha256' ? 'sha256' : 'sha1');
  if (params.kind === 'git-blob') hash.update(`blob ${before.size}\0`);
  let size = 0;
  for await (const chunk of createReadStream(params.path, { highWaterMark: 1 << 20 })) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  const hex = hash.digest('hex');
  const after = await stat(params.path);
  // Remembered only when the file stood still while it was read.
  if (size === before.size && after.size === before.size && after.mtimeMs === before.mtimeMs && after.ctimeMs === before.ctimeMs) {
    if (digests.size >= MAX_REMEMBERED) digests.clear();
    digests.set(key, { size, mtimeMs: after.mtimeMs, ctimeMs: after.ctimeMs, hex });
  } else if (size !== before.size) {
    // The blob-id prefix named the size at the start: a file that grew or shrank has no valid id.
    return '';
  }
  return hex;
}
