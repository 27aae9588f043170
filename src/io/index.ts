/**
 * `diffseg30k/io` — the byte layer, for reading a dataset from somewhere the package does not
 * know: every source is a `ByteSource` (`name`, `byteLength`, `read(start, end)`), and these
 * wrappers add what a network read needs. Decoders only ever receive bytes a source delivered.
 * @packageDocumentation
 */
export type { ByteSource } from './byte-source.js';
export { fromFile } from './from-file.js';
export { fromBuffer } from './from-buffer.js';
export { countingSource, type CountingSource, type ReadStats } from './counting-source.js';
export { httpSource, type HttpSourceParams } from './http-source.js';
export { httpClient, type HttpClient, type HttpClientParams, type HttpRequest, type HttpRequestInit } from './http-client.js';
export type { HttpResponse, HttpBody } from './http-response.js';
export { HttpError } from '../errors.js';
export { DEFAULT_TIMEOUTS, type HttpTimeouts, type RequestKind } from './http-timeouts.js';
export { readBody, BODY_LIMITS, type ReadBodyParams } from './read-body.js';
export { readJson } from './read-json.js';
export { quoteBody, type QuoteBodyParams } from './quote-body.js';
export { downloadToFile, type DownloadToFileParams, type DownloadedBody } from './download-to-file.js';
export type { HttpStats } from './http-stats.js';
export { readAheadSource } from './read-ahead-source.js';
export { sequentialPrefetchSource } from './sequential-prefetch-source.js';
export { concurrencyLimit, type ConcurrencyLimit } from './concurrency-limit.js';
export { DEFAULT_RETRY, retryDelay, type RetryOptions } from './retry-policy.js';
export { redactUrl } from './redact-url.js';
