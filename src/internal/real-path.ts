import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The absolute path `path` names once every link along it is followed, even when its last parts
 * do not exist yet (an output folder about to be created): the longest existing prefix is
 * resolved with `realpath` and the rest appended; a dangling link is followed to where it points.
 * Two paths that reach the same folder through different links then compare equal.
 * @internal
 */
export async function realPath(path: string): Promise<string> {
  const missing: string[] = [];
  let at = resolve(path);
  // More hops than any kernel follows (Linux stops at 40): a link loop ends here, not in a hang.
  for (let hops = 0; hops < 64; hops++) {
    try {
      return join(await realpath(at), ...[...missing].reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw error;
    }
    const info = await lstat(at).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      // A dangling link: whatever is created through it lands where it points.
      at = resolve(dirname(at), await readlink(at));
      continue;
    }
    const parent = dirname(at);
    if (parent === at) break;
    missing.push(basename(at));
    at = parent;
  }
  return join(at, ...[...missing].reverse());
}
