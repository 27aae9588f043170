/**
 * `diffseg30k/sources` — where a dataset lives, for code that builds a source itself instead of
 * passing a string as `source`: the Hugging Face Hub (`hubSource`, its settings and `hf://` URLs),
 * a zip archive of the authors' layout, a local folder and the bundled samples, and
 * `resolveSource`, which turns any `source` string the verbs accept into one of these.
 * @module sources
 * @packageDocumentation
 */
export { resolveSource, DEFAULT_SOURCE } from './resolve-source.js';
export { hubSource, type HubSourceParams, type HubDatasetSource, type HubSourceJSON, type HubFile, type DownloadedFile } from './hub-source.js';
export type { StoredHow } from './hub-cache.js';
export { hubSettings, type HubSettings, type HubSettingsParams } from './hub-settings.js';
export { parseHfUrl, type HfUrl } from './parse-hf-url.js';
export { zipSource, type ZipDatasetSource, type ZipSourceParams } from './zip-source.js';
export { localSource } from './local-source.js';
export { samplesSource, samplesDirectory } from './samples-source.js';
