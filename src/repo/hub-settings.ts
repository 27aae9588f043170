import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { rememberSecret } from '../internal/redact-secrets.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Where and how to reach the Hub: the parameters, else the environment variables Python's `huggingface_hub` reads. */
export interface HubSettings {
  /** `HF_ENDPOINT`, default `https://huggingface.co` (no trailing slash). */
  endpoint: string;
  /**
   * `accessToken`, else `HF_TOKEN` (or the older `HUGGING_FACE_HUB_TOKEN`), else the token file
   * `hf auth login` writes (`HF_TOKEN_PATH`, else `$HF_HOME/token`) — none of the implicit ones when
   * `HF_HUB_DISABLE_IMPLICIT_TOKEN` is set. Never printed: every error message redacts it.
   */
  token: string | undefined;
  /**
   * `HF_HUB_CACHE`, else `HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub` or
   * `~/.cache/huggingface/hub`; a leading `~` and `$VAR`/`${VAR}` are expanded as Python does.
   */
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

/** The keys of {@link HubSettingsParams}, checked at run time. @internal */
export const HUB_SETTINGS_KEYS = keysOf<HubSettingsParams>()('endpoint', 'accessToken', 'cacheDir', 'offline', 'env');

/** Largest token file read: a token is ~40 bytes; anything far larger is not one. */
const MAX_TOKEN_FILE_BYTES = 4096;

/**
 * Maps parameters and environment variables to Hub settings the way Python's `huggingface_hub`
 * does — `~` and `$VAR` expanded in `HF_HOME`, `HF_HUB_CACHE`, `XDG_CACHE_HOME` and
 * `HF_TOKEN_PATH`, the token file `hf auth login` writes honoured — since `@huggingface/hub` reads
 * no environment variable itself.
 * @example
 * const { endpoint, cacheDir, offline } = hubSettings({});
 */
export function hubSettings(params: HubSettingsParams = {}): HubSettings {
  checkParams('hubSettings', params, HUB_SETTINGS_KEYS);
  const env = params.env ?? process.env;
  const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const path = (v: string | undefined) => (v === undefined ? undefined : expandPath(v, env));
  const endpoint = (nonEmpty(params.endpoint) ?? nonEmpty(env.HF_ENDPOINT) ?? 'https://huggingface.co').replace(/\/+$/, '');
  const home = path(nonEmpty(env.HF_HOME)) ?? join(path(nonEmpty(env.XDG_CACHE_HOME)) ?? join(homeOf(env), '.cache'), 'huggingface');
  const cacheDir = path(nonEmpty(params.cacheDir) ?? nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE)) ?? join(home, 'hub');
  const offline = params.offline ?? isTrue(env.HF_HUB_OFFLINE);
  const implicit = !isTrue(env.HF_HUB_DISABLE_IMPLICIT_TOKEN);
  const token =
    nonEmpty(params.accessToken) ??
    (implicit ? (nonEmpty(env.HF_TOKEN) ?? nonEmpty(env.HUGGING_FACE_HUB_TOKEN) ?? tokenFromFile(path(nonEmpty(env.HF_TOKEN_PATH)) ?? join(home, 'token'))) : undefined);
  rememberSecret(token);
  return { endpoint, token, cacheDir, offline };
}

function isTrue(value: string | undefined): boolean {
  return ['1', 'ON', 'YES', 'TRUE'].includes((value ?? '').trim().toUpperCase());
}

function homeOf(env: Record<string, string | undefined>): string {
  return nonEmptyValue(env.HOME) ?? homedir();
}

function nonEmptyValue(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/**
 * `os.path.expandvars(os.path.expanduser(value))`: a leading `~` or `~/` becomes the home folder,
 * then `$NAME` and `${NAME}` become the variable's value — left as they are when it is not set,
 * as Python leaves them.
 */
function expandPath(value: string, env: Record<string, string | undefined>): string {
  const user = value === '~' || value.startsWith('~/') ? homeOf(env) + value.slice(1) : value;
  return user.replace(/\$(\w+)|\$\{([^}]*)\}/g, (whole, bare: string | undefined, braced: string | undefined) => env[bare ?? braced ?? ''] ?? whole);
}

/**
 * The token `hf auth login` saved, as Python reads it (line breaks removed, trimmed), or
 * `undefined` when there is none. Only a small regular file is read: a FIFO or a device there
 * could otherwise block the process.
 */
function tokenFromFile(file: string): string | undefined {
  try {
    const info = statSync(file);
    if (!info.isFile() || info.size > MAX_TOKEN_FILE_BYTES) return undefined;
    return readFileSync(file, 'utf8').replace(/[\r\n]/g, '').trim() || undefined;
  } catch {
    return undefined;
  }
}
