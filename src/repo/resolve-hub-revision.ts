import { HubError } from '../errors.js';
import type { HttpClient } from '../io/http-client.js';
import { BODY_LIMITS } from '../io/read-body.js';
import { isObjectId } from './is-object-id.js';
import { readHubJson } from './read-hub-json.js';

/**
 * The commit sha a revision (branch, tag or sha) of a dataset repo points at now, from
 * `GET /api/datasets/{repo}/revision/{revision}?expand=sha` — the call `huggingface_hub`'s
 * `repo_info` makes. The answer must carry a 40-hex sha; anything else is refused.
 * @throws {HubError} for an error status (with `describeStatus`'s advice), an answer over 16 MiB,
 *   or one without a commit sha.
 * @internal
 */
export async function resolveHubRevision(params: {
  client: HttpClient;
  endpoint: string;
  repo: string;
  revision: string;
  describeStatus: (status: number) => string;
  signal?: AbortSignal;
}): Promise<string> {
  const url = `${params.endpoint}/api/datasets/${params.repo}/revision/${encodeURIComponent(params.revision)}?expand=sha`;
  const { value } = await readHubJson({ client: params.client, url, maxBytes: BODY_LIMITS.json, what: 'revision', describeStatus: params.describeStatus, signal: params.signal });
  const sha = (value as { sha?: unknown } | null)?.sha;
  if (!isObjectId(sha, 40)) {
    throw new HubError({ url: url.split('?')[0], message: `the Hub gave no commit sha for revision ${params.revision} (got ${JSON.stringify(sha ?? null).slice(0, 80)})` });
  }
  return sha;
}
