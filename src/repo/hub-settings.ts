import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where and how to reach the Hub: the parameters, else the environment variables Python's `huggingface_hub` reads. */
export interface HubSettings {
  /** `HF_ENDPOINT`, default `https://huggingface.co` (no trailing slash). */
  endpoint: string;
  /** `accessToken`, else `HF_TOKEN` (or the older `HUGGING_FACE_HUB_TOKEN`). Never printed. */
  token: string | undefined;
  /** `HF_HUB_CACHE`, else `HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub` or `~/.cache/huggingface/hub`. */
  cacheDir: string;
  /** `HF_HUB_OFFLINE` set to 1/ON/YES/TRUE: read the cache only. */
  offline: boolean;
}

/** Overrides of {@link hubSettings}; each wins over its environment variable. */
export interface HubSettingsParams {
  /** The Hub's URL. @default HF_ENDPOINT, else https://huggingface.co */
  endpoint?: string;
  /** A user access token for gated or private repos. @default HF_TOKEN */
  accessToken?: string;
  /** The Python-compatible cache directory. @default HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** Read only what is in the cache; a missing file is an error naming it. @default HF_HUB_OFFLINE */
  offline?: boolean;
  /** The environment to read. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * Maps parameters and environment variables to Hub settings the way Python's `huggingface_hub`
 * does, since `@huggingface/hub` reads no environment variable itself.
 * @example
 * const { endpoint, cacheDir, offline } = hubSettings({});
 */
export function hubSettings(params: HubSettingsParams = {}): HubSettings {
  const env = params.env ?? process.env;
  const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const endpoint = (nonEmpty(params.endpoint) ?? nonEmpty(env.HF_ENDPOINT) ?? 'https://huggingface.co').replace(/\/+$/, '');
  const token = nonEmpty(params.accessToken) ?? nonEmpty(env.HF_TOKEN) ?? nonEmpty(env.HUGGING_FACE_HUB_TOKEN);
  const home = nonEmpty(env.HF_HOME) ?? join(nonEmpty(env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'huggingface');
  const cacheDir = nonEmpty(params.cacheDir) ?? nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE) ?? join(home, 'hub');
  const offline = params.offline ?? ['1', 'ON', 'YES', 'TRUE'].includes((env.HF_HUB_OFFLINE ?? '').trim().toUpperCase());
  return { endpoint, token, cacheDir, offline };
}
