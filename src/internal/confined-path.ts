import { isAbsolute, join, relative, sep } from 'node:path';
import { UnsafePathError } from '../errors.js';
import { realPath } from './real-path.js';

/**
 * The one gate for paths built from what others said (a Hub listing, a card, an archive, a cache
 * on disk, a saved state): the path `root/parts…`, once every part is a plain file or folder name
 * (no empty part, `.`, `..`, backslash or NUL; `/` separates names) and the path — every link
 * along it followed, dangling ones included — resolves inside `root`. Whatever reads, writes,
 * renames or deletes under the Hub cache or an output folder gets its path here first, so a
 * `../` in an oid, a split named `../../x` or a snapshot link to `/etc` is refused before the file
 * system is touched.
 * @throws {UnsafePathError} naming the root and the part refused.
 * @internal
 */
export async function confinedPath(params: { root: string; parts: readonly string[] }): Promise<string> {
  const { root } = params;
  const names = params.parts.flatMap((part) => part.split('/'));
  for (const name of names) {
    const why = unsafeName(name);
    if (why) throw new UnsafePathError({ root, path: params.parts.join('/'), message: why });
  }
  const path = join(root, ...names);
  const [inside, resolved] = await Promise.all([realPath(root), realPath(path)]);
  const r = relative(inside, resolved);
  if (r.startsWith(`..${sep}`) || r === '..' || isAbsolute(r)) {
    throw new UnsafePathError({ root, path, message: `resolves to ${resolved}, through a link` });
  }
  return path;
}

/** Why `name` cannot be one file or folder name inside a root, or `undefined` when it can. */
function unsafeName(name: string): string | undefined {
  if (name === '') return 'an empty name (a leading, doubled or trailing `/`)';
  if (name === '.' || name === '..') return `a \`${name}\` part`;
  if (name.includes('\\')) return 'a backslash';
  if (name.includes('\0')) return 'a NUL byte';
  return undefined;
}
