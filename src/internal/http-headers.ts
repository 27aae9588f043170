/** Small parsers of HTTP headers shared by the HTTP sources. */

/** `bytes a-b/total` → numbers (total `undefined` when `*`). */
export function parseContentRange(value: string | null): { start: number; end: number; total: number | undefined } | undefined {
  const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

/** Strong and weak forms of one ETag compare equal (`W/"x"` = `"x"`). */
export function normalizeEtag(value: string): string {
  return value.trim().replace(/^W\//i, '');
}

