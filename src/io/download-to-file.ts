import { createHash } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { ArgumentError, DiffsegError, HttpError, OutputError } from '../errors.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import { type HttpClient, httpClient } from './http-client.js';
import { quoteBody } from './quote-body.js';
import { redactUrl } from './redact-url.js';
import { webResponse } from './web-response.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Parameters of {@link downloadToFile}. */
export interface DownloadToFileParams {
  /**
   * The client to GET with: its transport, retries, deadlines, redirects with the token only for
   * its origin, cut bodies continued, and counters. @default httpClient()
   */
  client?: HttpClient;
  /** The file's URL (e.g. a Hub `/resolve/{sha}/{path}` URL). */
  url: string | URL;
  /**
   * The file to write, chosen and confined by the caller (this never derives a path from what a
   * server says). It must not exist: it is created exclusively, so a link planted there is never
   * followed, and it is removed again when the download fails.
   */
  path: string;
  /** The size the listing gives: the body must be exactly this long, and is refused as soon as it is longer. */
  expectedSize: number;
  /** Checked once the body is in, when given: a mismatch removes the file and throws. */
  expected?: {
    /** The sha256 (hex) the listing gives (an LFS oid). */
    sha256?: string;
    /** The git blob id (hex sha1 of `blob <size>\0<bytes>`) the listing gives. */
    gitOid?: string;
  };
  /** Aborts the download (it rejects with the signal's reason; the file is removed). */
  signal?: AbortSignal;
  /** Called as bytes arrive, with the bytes written so far. */
  onBytes?: (bytes: number) => void;
}

/** What {@link downloadToFile} wrote. */
export interface DownloadedBody {
  /** Bytes written (= `expectedSize`). */
  bytes: number;
  /** sha256 of the bytes, hex (what an LFS oid is). */
  sha256: string;
  /** Git blob id of the bytes, hex (sha1 of `blob <size>\0<bytes>`). */
  gitOid: string;
}

/**
 * GETs a URL and streams its body into a new file at `path`, hashing it (sha256 and git blob
 * id) on the way, so no file is ever held in memory whole. The body must be exactly
 * `expectedSize` bytes: a `Content-Length` that disagrees is refused before a byte is written,
 * and a body that runs past it as soon as it does — a server cannot fill the disk with more than
 * the listing promised. An error status, a body that ends short, a hash that differs from
 * `expected`, a deadline that passes, or an abort removes the partial file (it was created here)
 * and throws.
 * @throws {HttpError} for an HTTP error, a size or hash that disagrees, a passed deadline.
 * @throws {ArgumentError} for an `expectedSize` that is not a whole number of bytes.
 * @throws {OutputError} when the file cannot be created or written (it exists, no space …).
 * @example
 * const got = await downloadToFile({ client, url, path: join(blobs, `${oid}.${process.pid}.incomplete`), expectedSize: size, expected: { sha256: oid } });
 */
export async function downloadToFile(params: DownloadToFileParams): Promise<DownloadedBody> {
  checkParams('downloadToFile', params, keysOf<DownloadToFileParams>()('client', 'url', 'path', 'expectedSize', 'expected', 'signal', 'onBytes'));
  const { path, expectedSize, signal } = params;
  const url = redactUrl(params.url);
  if (!Number.isSafeInteger(expectedSize) || expectedSize < 0) {
    throw new ArgumentError({ message: `downloadToFile: ${url}: cannot download to ${path}: expectedSize must be a whole number of bytes ≥ 0, got ${String(expectedSize)}` });
  }
  const client = params.client ?? httpClient();
  const fail = (message: string, extra: { status?: number; cause?: unknown } = {}) => new HttpError({ url, message, ...extra });

  let handle: FileHandle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputError({ path, message: code === 'EEXIST' ? 'already exists; a download writes only a file it creates (remove it first)' : `cannot create the file: ${describeNetworkCause(error)}`, cause: error });
  }
  try {
    // Identity: a compressed body would not be the bytes the sizes and hashes describe.
    const response = await client.request({ url: params.url, headers: { 'accept-encoding': 'identity' }, signal, kind: 'file' });
    if (!response.ok) {
      const said = await quoteBody({ response: webResponse(response) });
      throw fail(`HTTP ${response.status}${said ? `: ${said}` : ''}`, { status: response.status });
    }
    if (response.status !== 200) {
      response.body.cancel();
      throw fail(`the server answered ${response.status} to a request for the whole file`, { status: response.status });
    }
    const declared = response.headers.get('content-length');
    if (declared !== null && Number(declared) !== expectedSize) {
      response.body.cancel();
      throw fail(`the server sends ${declared} bytes (its Content-Length) of a file listed at ${expectedSize} bytes; refused`, { status: response.status });
    }
    const sha256 = createHash('sha256');
    const sha1 = createHash('sha1').update(`blob ${expectedSize}\0`);
    let written = 0;
    try {
      // Each chunk is written before the next is taken: the socket waits, memory does not grow.
      await response.body.forEach(async (chunk) => {
        if (written + chunk.byteLength > expectedSize) throw fail(`the body runs past the ${expectedSize} bytes the file is listed at; refused`, { status: 200 });
        sha256.update(chunk);
        sha1.update(chunk);
        await writeAll(handle, chunk, path);
        written += chunk.byteLength;
        params.onBytes?.(written);
      });
    } catch (error) {
      if (error instanceof DiffsegError || signal?.aborted) throw error;
      throw fail(`the body failed at ${written} of ${expectedSize} bytes: ${describeNetworkCause(error)}`, { status: 200, cause: error });
    }
    if (written !== expectedSize) throw fail(`the body ended at ${written} of the ${expectedSize} bytes the file is listed at`, { status: 200 });
    const got = { bytes: written, sha256: sha256.digest('hex'), gitOid: sha1.digest('hex') };
    const { expected } = params;
    if (expected?.sha256 && expected.sha256.toLowerCase() !== got.sha256) throw fail(`the bytes' sha256 is ${got.sha256}, not the ${expected.sha256} the listing gives`);
    if (expected?.gitOid && expected.gitOid.toLowerCase() !== got.gitOid) throw fail(`the bytes' git blob id is ${got.gitOid}, not the ${expected.gitOid} the listing gives`);
    await handle.close().catch((error: unknown) => {
      throw new OutputError({ path, message: `cannot finish writing: ${describeNetworkCause(error)}`, cause: error });
    });
    return got;
  } catch (error) {
    await handle.close().catch(() => undefined);
    // Created by this call (exclusively), so it is ours to remove.
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/** Writes all of `bytes` at the handle's position (a write may take fewer bytes than given). */
async function writeAll(handle: FileHandle, bytes: Uint8Array, path: string): Promise<void> {
  try {
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
      at += bytesWritten;
    }
  } catch (error) {
    throw new OutputError({ path, message: `cannot write: ${describeNetworkCause(error)}`, cause: error });
  }
}
