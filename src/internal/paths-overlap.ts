import { isAbsolute, relative, sep } from 'node:path';

/**
 * Whether two absolute paths are the same folder or one lies inside the other — the case in which
 * writing to one can change what is read from the other.
 * @internal
 */
export function pathsOverlap(a: string, b: string): boolean {
  const inside = (child: string, parent: string) => {
    const r = relative(parent, child);
    return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
  };
  return inside(a, b) || inside(b, a);
}
