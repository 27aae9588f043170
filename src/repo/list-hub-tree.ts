import { HubError } from '../errors.js';
import type { HttpClient } from '../io/http-client.js';
import { BODY_LIMITS } from '../io/read-body.js';
import { redactUrl } from '../io/redact-url.js';
import type { RepoFile } from './dataset-source.js';
import { isObjectId } from './is-object-id.js';
import { readHubJson } from './read-hub-json.js';

/** One file of a Hub repo as its listing describes it. */
export interface HubFile extends RepoFile {
  /** The git blob id (40 hex digits). */
  oid: string | undefined;
  /** The LFS object id: the sha256 of the content (64 hex digits), for files stored with LFS. */
  sha256: string | undefined;
}

/** Bounds on what a listing may make the package hold or do. */
export const TREE_LIMITS = {
  /** Largest page read (the Hub sends ~1,000 entries, a few hundred KB, a page). */
  pageBytes: BODY_LIMITS.listingPage,
  /** Most pages followed (DiffSeg30k's 60k files are ~60 pages). */
  pages: 10_000,
  /** Most entries, files and folders together. */
  entries: 2_000_000,
  /** Longest path. */
  pathLength: 4096,
} as const;

/**
 * Every file of a dataset repo at one commit, from the paginated tree listing
 * (`GET /api/datasets/{repo}/tree/{sha}?recursive=true`, then each `Link: <…>; rel="next"`) —
 * hidden files such as `.gitattributes` included, sorted by path. What the listing says is
 * checked before anything uses it: paths are plain relative paths (no `..`, `.`, empty part,
 * backslash or NUL), sizes whole numbers, ids 40 (git) or 64 (LFS) hex digits, no path twice; a
 * `next` link must stay on the Hub's origin and never come back to a page already read; pages,
 * entries and bytes are bounded.
 * @throws {HubError} naming the page and the entry at fault.
 * @internal
 */
export async function listHubTree(params: {
  client: HttpClient;
  endpoint: string;
  repo: string;
  sha: string;
  describeStatus: (status: number) => string;
  signal?: AbortSignal;
}): Promise<HubFile[]> {
  const origin = new URL(params.endpoint).origin;
  let url: string | undefined = `${params.endpoint}/api/datasets/${params.repo}/tree/${params.sha}?recursive=true&expand=false`;
  const seen = new Set<string>();
  const files = new Map<string, HubFile>();
  let entries = 0;
  while (url) {
    const page = redactUrl(url);
    const fail = (message: string) => new HubError({ url: page, message: `tree listing: ${message}` });
    if (seen.has(url)) throw fail('its `next` link points back to a page already read (a pagination loop)');
    if (seen.size >= TREE_LIMITS.pages) throw fail(`more than ${TREE_LIMITS.pages} pages`);
    seen.add(url);
    const { value, headers } = await readHubJson({ client: params.client, url, maxBytes: TREE_LIMITS.pageBytes, what: 'tree listing page', describeStatus: params.describeStatus, signal: params.signal });
    if (!Array.isArray(value)) throw fail('a page is not a JSON array');
    entries += value.length;
    if (entries > TREE_LIMITS.entries) throw fail(`more than ${TREE_LIMITS.entries} entries`);
    for (const [i, item] of value.entries()) {
      const file = fileOf(item, (why) => fail(`entry ${i}${typeof (item as { path?: unknown })?.path === 'string' ? ` (${JSON.stringify((item as { path: string }).path.slice(0, 200))})` : ''}: ${why}`));
      if (!file) continue;
      if (files.has(file.path)) throw fail(`${JSON.stringify(file.path)} is listed twice`);
      files.set(file.path, file);
    }
    url = nextLink(headers.get('link'), url, fail);
    if (url && new URL(url).origin !== origin) throw fail(`its \`next\` link leaves the Hub (${redactUrl(url)})`);
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A listed file, checked; `undefined` for a folder. */
function fileOf(item: unknown, fail: (why: string) => Error): HubFile | undefined {
  if (item === null || typeof item !== 'object') throw fail('not an object');
  const { type, path, size, oid, lfs } = item as Record<string, unknown>;
  if (typeof path !== 'string') throw fail('no path');
  const bad = badPath(path);
  if (bad) throw fail(`unsafe path: ${bad}`);
  if (type === 'directory') return undefined;
  if (type !== 'file') throw fail(`type ${JSON.stringify(type)} is neither file nor directory`);
  if (!isObjectId(oid, 40)) throw fail('its git blob id is not 40 hex digits');
  let sha256: string | undefined;
  let length = size;
  if (lfs !== undefined && lfs !== null) {
    const l = lfs as Record<string, unknown>;
    if (!isObjectId(l.oid, 64)) throw fail('its LFS oid is not 64 hex digits');
    sha256 = l.oid;
    length = l.size ?? size;
  }
  if (!Number.isSafeInteger(length) || (length as number) < 0) throw fail(`its size ${JSON.stringify(length)} is not a whole number of bytes`);
  return { path, size: length as number, oid, sha256 };
}

function badPath(path: string): string | undefined {
  if (path.length === 0 || path.length > TREE_LIMITS.pathLength) return `its length is ${path.length}`;
  if (path.includes('\\') || path.includes('\0')) return 'a backslash or a NUL';
  if (path.split('/').some((p) => p === '' || p === '.' || p === '..')) return 'an empty, `.` or `..` part';
  return undefined;
}

/** The `rel="next"` target of a `Link` header, resolved against the page's URL. */
function nextLink(header: string | null, base: string, fail: (why: string) => Error): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2])) {
      try {
        return new URL(m[1], base).href;
      } catch {
        // Stopping here would shorten the listing without a word.
        throw fail(`its \`next\` link ${JSON.stringify(m[1].slice(0, 200))} is not a URL`);
      }
    }
  }
  return undefined;
}
