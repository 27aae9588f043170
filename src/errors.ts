import { redactSecrets } from './internal/redact-secrets.js';

/**
 * Every failure the package raises is a {@link DiffsegError}: typed, catchable, and worded as
 * `module: where: cause` so a user can tell which file, row group or record went wrong.
 * Callers branch on `instanceof` of a subclass or on the stable `code` string. Every error class
 * takes one params object (`message` plus the fields that say where, and an optional `cause`).
 * The "where" is data too: `context` holds it as fields and `reason` the cause alone; the
 * message is rendered from them, never edited afterwards.
 */

/** Stable machine-readable error codes. */
export type DiffsegErrorCode =
  | 'INVALID_ARGUMENT'
  | 'RLE_INVALID'
  | 'SCHEMA_INVALID'
  | 'FORMAT_INVALID'
  | 'NOT_A_DATASET'
  | 'SPLIT_NOT_FOUND'
  | 'IMAGE_INVALID'
  | 'SOURCE_ERROR'
  | 'METRICS_INVALID'
  | 'TRANSFORM_INVALID'
  | 'DEPENDENCY_MISSING'
  | 'HTTP_ERROR'
  | 'HUB_ERROR'
  | 'SOURCE_CHANGED'
  | 'RESUME_INVALID'
  | 'OUTPUT_ERROR'
  | 'PATH_UNSAFE';

/** What every error class takes: the message and, when another error led to it, its cause. */
export interface ErrorParams {
  /** Human-readable cause, starting with the module (`parquet: …`, `hub: …`). */
  message: string;
  /** The underlying error (an fs error, an HTTP failure, a zod error …). */
  cause?: unknown;
  /**
   * The module (`rle`, `metrics`, `loadSplit` …): given, the message is rendered as
   * `module: where: message` from it and `context`; without it, `message` is the whole message.
   */
  module?: string;
  /** Where it happened, as fields (rendered into the message after the module). */
  context?: ErrorContext;
}

/**
 * Where a failure happened, as fields a program can read without parsing the message. Each is
 * rendered into the message, in this order: `verb:`, then `file`, `line N`, `row group N`,
 * `row N`, `record ID`, `image ID`, `turn N`.
 */
export interface ErrorContext {
  /** The verb or command that was running (`eval`, `evaluatePredictions`). */
  verb?: string;
  /** File (shard, archive, image, prediction, CSV) or archive member. */
  file?: string;
  /** Line of a text file, from 1. */
  line?: number;
  /** Row group of a Parquet file. */
  rowGroup?: number;
  /** Row inside its file or split, from 0. */
  row?: number;
  /** Id of the record. */
  record?: string;
  /** Id of the image being scored (a record's id, seen from the metrics). */
  image?: string;
  /** Turn of the record, from 0. */
  turn?: number;
}

const CONTEXT_ORDER: readonly (keyof ErrorContext)[] = ['verb', 'file', 'line', 'rowGroup', 'row', 'record', 'image', 'turn'];
const CONTEXT_LABEL: Partial<Record<keyof ErrorContext, string>> = { line: 'line', rowGroup: 'row group', row: 'row', record: 'record', image: 'image', turn: 'turn' };

/** `eval: file, row group 3, record ab12`: the context as the message names it ('' when empty). */
function renderContext(context: ErrorContext): string {
  const where = CONTEXT_ORDER.filter((key) => key !== 'verb' && context[key] !== undefined)
    .map((key) => (CONTEXT_LABEL[key] ? `${CONTEXT_LABEL[key]} ${context[key]}` : String(context[key])))
    .join(', ');
  return [context.verb, where].filter(Boolean).join(': ');
}

/**
 * Base class of every error thrown by diffseg30k. Its message (and its cause's, when that is an
 * error) never shows a token or a credential a server echoed: they are redacted here, once, for
 * every error the package makes.
 */
export class DiffsegError extends Error {
  /** Stable code to branch on. */
  readonly code: DiffsegErrorCode;
  /** The module that failed (`rle`, `metrics`, `parquet` …): the message's first word, when it has one. */
  readonly module: string | undefined;
  /** Where it happened, as fields; the message names them after the module. */
  readonly context: Readonly<ErrorContext>;
  /** What went wrong, without the module and the where: the message's last part (the whole message of an error made without a `module`). */
  readonly reason: string;

  constructor(params: ErrorParams & { code: DiffsegErrorCode }) {
    const cause = redactedCause(params.cause);
    // A field given as undefined is not known: left out, so that within() can still add it.
    const context = Object.fromEntries(Object.entries(params.context ?? {}).filter(([, v]) => v !== undefined && v !== '')) as ErrorContext;
    const where = renderContext(context);
    const message = params.module === undefined ? params.message : `${params.module}: ${where ? `${where}: ` : ''}${params.message}`;
    super(redactSecrets(message), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = params.code;
    this.module = params.module;
    this.context = Object.freeze(context);
    this.reason = redactSecrets(params.message);
  }

  /**
   * The same failure seen from further out: a copy of this error (same class, code and fields)
   * whose context adds `context` (a field already known stays as it is), its message rendered
   * again, and this error as its `cause`. How a layer that knows the file or the record says so
   * without editing a message.
   * @internal
   */
  within(context: ErrorContext): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    const merged = { ...context, ...this.context };
    const where = renderContext(merged);
    const message = this.module === undefined ? `${where ? `${where}: ` : ''}${this.message}` : `${this.module}: ${where ? `${where}: ` : ''}${this.reason}`;
    Object.defineProperties(copy, {
      message: { value: redactSecrets(message), writable: true, configurable: true },
      cause: { value: this, writable: true, configurable: true },
      context: { value: Object.freeze(merged), enumerable: true },
      stack: { value: `${this.name}: ${message}\n${(this.stack ?? '').split('\n').slice(1).join('\n')}`, writable: true, configurable: true },
    });
    return copy;
  }
}

/** A foreign error as a cause, copied with a redacted message when its message shows a secret. */
function redactedCause(cause: unknown): unknown {
  if (!(cause instanceof Error) || cause instanceof DiffsegError) return cause;
  const message = redactSecrets(cause.message);
  if (message === cause.message) return cause;
  const copy = new Error(message);
  copy.name = cause.name;
  return copy;
}

/** A caller passed an argument that can never work (a size ≤ 0, an unknown preset …). */
export class ArgumentError extends DiffsegError {
  constructor(params: ErrorParams) {
    super({ ...params, code: 'INVALID_ARGUMENT' });
  }
}

/** A COCO RLE string or count array that does not describe a mask of the stated size. */
export class RleError extends DiffsegError {
  constructor(params: ErrorParams) {
    super({ ...params, code: 'RLE_INVALID', module: 'rle' });
  }
}

/** One problem found in one record: where (zod-style path) and why. */
export interface SchemaIssue {
  /** Path inside the record, e.g. `['turns', 1, 'area']`. */
  path: (string | number)[];
  /** Human-readable cause. */
  message: string;
}

/** A record that breaks the data model (docs/format.md). */
export class SchemaError extends DiffsegError {
  /** Id of the offending record, when known. */
  readonly recordId: string | undefined;
  /** Row index inside its file, when known. */
  readonly row: number | undefined;
  /** File the record came from, when known. */
  readonly file: string | undefined;
  /** Every problem found, each with its path. */
  readonly issues: SchemaIssue[];

  constructor(params: { issues: SchemaIssue[]; recordId?: string; row?: number; file?: string; cause?: unknown }) {
    const what = params.issues.map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`).join('; ');
    // Worded `schema: file F, row N, record R: …` (the file named as such), so rendered here; the
    // same places are in `context` as fields.
    const where = [
      params.file !== undefined ? `file ${params.file}` : undefined,
      params.row !== undefined ? `row ${params.row}` : undefined,
      params.recordId !== undefined ? `record ${params.recordId}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super({ code: 'SCHEMA_INVALID', context: { file: params.file, row: params.row, record: params.recordId }, message: `schema: ${where || 'record'}: ${what}`, cause: params.cause });
    this.recordId = params.recordId;
    this.row = params.row;
    this.file = params.file;
    this.issues = params.issues;
  }
}

/**
 * A source that holds no dataset this package can read (`NOT_A_DATASET`: a missing folder, no
 * card and no shards, a card whose splits make no sense), or a split it does not have
 * (`SPLIT_NOT_FOUND`; the message lists the splits there are).
 */
export class DatasetError extends DiffsegError {
  /** The source's name (a folder, `hf://…`, an archive). */
  readonly source: string;

  constructor(params: ErrorParams & { source: string; code: 'NOT_A_DATASET' | 'SPLIT_NOT_FOUND' }) {
    super({ ...params, module: 'dataset', context: { file: params.source, ...params.context } });
    this.source = params.source;
  }
}

/**
 * An optional part the call needs could not be loaded or started: `@tensorflow/tfjs-core` or a
 * tfjs backend (the message says what to install). Code `DEPENDENCY_MISSING`.
 */
export class DependencyError extends DiffsegError {
  /** The package that is missing or failed, e.g. `@tensorflow/tfjs-backend-wasm`. */
  readonly dependency: string;

  constructor(params: ErrorParams & { dependency: string }) {
    super({ ...params, code: 'DEPENDENCY_MISSING' });
    this.dependency = params.dependency;
  }
}

/** A file whose bytes are not what its format promises (truncated, corrupt, foreign schema). */
export class FormatError extends DiffsegError {
  /** File (shard, zip, image) that failed. */
  readonly file: string;
  /** Row group, when the failure is inside one. */
  readonly rowGroup: number | undefined;
  /** Row, when the failure is about one record. */
  readonly row: number | undefined;

  constructor(params: {
    module: string;
    file: string;
    message: string;
    rowGroup?: number;
    row?: number;
    /** `IMAGE_INVALID` for an image or mask file; a source that cannot deliver bytes is a {@link SourceError}, never this. @default 'FORMAT_INVALID' */
    code?: 'FORMAT_INVALID' | 'IMAGE_INVALID';
    cause?: unknown;
  }) {
    super({
      code: params.code ?? 'FORMAT_INVALID',
      module: params.module,
      context: { file: params.file, rowGroup: params.rowGroup, row: params.row },
      message: params.message,
      cause: params.cause,
    });
    this.file = params.file;
    this.rowGroup = params.rowGroup;
    this.row = params.row;
  }
}

/** A byte source could not deliver the bytes asked for (missing file, short read, I/O error). */
export class SourceError extends DiffsegError {
  /** File path or URL of the source. */
  readonly source: string;

  constructor(params: { source: string; message: string; cause?: unknown }) {
    super({ code: 'SOURCE_ERROR', module: 'source', context: { file: params.source }, message: params.message, cause: params.cause });
    this.source = params.source;
  }
}

/**
 * Which deadline of an HTTP request passed: no response headers in time (`connect`), no body
 * byte in time (`idle`), a body slower than the minimum rate (`rate`), or the call's overall
 * deadline (`total`).
 */
export type HttpDeadline = 'connect' | 'idle' | 'rate' | 'total';

/**
 * An HTTP request of the byte layer (`diffseg30k/io`) failed: the server answered with an error
 * that is not retried, a body broke what its headers promised (its length, its range), the tries
 * ran out, or a deadline passed (`deadline` says which). Code `SOURCE_CHANGED` when the file
 * changed on the server while it was being read (another size or ETag). The URL never carries a
 * token or a signed query string: they are stripped before the error is made. A layer that knows
 * what the request was for (the Hub source) wraps it in an error of its own, with this one as
 * the `cause`.
 */
export class HttpError extends DiffsegError {
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** URL that was asked, or that answered after redirects (without its query string). */
  readonly url: string;
  /** Byte range asked, `[start, end)`, when the failure was a range read. */
  readonly range: [number, number] | undefined;
  /** The deadline that passed, when the request timed out (see `HttpTimeouts`). */
  readonly deadline: HttpDeadline | undefined;
  /**
   * What went wrong, without where: the message is `http: {url}[, bytes [a, b)]: {reason}`. A
   * layer that wraps this error words its own message from it, with its own "where".
   */
  readonly reason: string;

  constructor(params: {
    url: string;
    message: string;
    status?: number;
    range?: [number, number];
    code?: 'HTTP_ERROR' | 'SOURCE_CHANGED';
    deadline?: HttpDeadline;
    cause?: unknown;
  }) {
    super({ code: params.code ?? 'HTTP_ERROR', message: `http: ${whereOf(params)}: ${params.message}`, cause: params.cause });
    this.url = params.url;
    this.status = params.status;
    this.range = params.range;
    this.deadline = params.deadline;
    this.reason = redactSecrets(params.message);
  }
}

/**
 * The Hugging Face Hub (or an HTTP server standing in for it) answered with an error, did not
 * answer in time (`deadline` says which deadline passed), or a file changed while it was being
 * read (code `SOURCE_CHANGED`). When an HTTP request failed, its {@link HttpError} is the
 * `cause`, and the fields are its own; the message adds what to do about it where the Hub's
 * answer says (a gated repo: set `HF_TOKEN`). The URL never carries a token or a signed query
 * string: they are stripped before the error is made.
 */
export class HubError extends DiffsegError {
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** URL that was asked (without its query string). */
  readonly url: string;
  /** Byte range asked, `[start, end)`, when the failure was a range read. */
  readonly range: [number, number] | undefined;
  /** The deadline that passed, when the request timed out (see `HttpTimeouts`). */
  readonly deadline: HttpDeadline | undefined;

  constructor(params: {
    url: string;
    message: string;
    status?: number;
    range?: [number, number];
    code?: 'HUB_ERROR' | 'SOURCE_CHANGED';
    deadline?: HttpDeadline;
    cause?: unknown;
  }) {
    super({ code: params.code ?? 'HUB_ERROR', message: `hub: ${whereOf(params)}: ${params.message}`, cause: params.cause });
    this.url = params.url;
    this.status = params.status;
    this.range = params.range;
    this.deadline = params.deadline;
  }
}

/** Where an HTTP failure happened, for a message: the URL, and the byte range when there is one. */
function whereOf(params: { url: string; range?: [number, number] }): string {
  return params.range ? `${params.url}, bytes [${params.range[0]}, ${params.range[1]})` : params.url;
}

/** A file or folder the package was asked to write could not be written (permissions, a full disk, a path in the way). */
export class OutputError extends DiffsegError {
  /** The file or folder being written. */
  readonly path: string;

  constructor(params: { path: string; message: string; cause?: unknown }) {
    super({ code: 'OUTPUT_ERROR', module: 'output', context: { file: params.path }, message: params.message, cause: params.cause });
    this.path = params.path;
  }
}

/**
 * A path built from what a server, a card, an archive, a cache or a saved state said would lead
 * outside the folder it belongs to (`..`, an absolute part, a link pointing elsewhere), or holds a
 * part no file name may have. Nothing was read, written or deleted.
 */
export class UnsafePathError extends DiffsegError {
  /** The folder the path had to stay inside. */
  readonly root: string;
  /** The path (or the part of it) refused. */
  readonly path: string;

  constructor(params: { root: string; path: string; message: string }) {
    super({ code: 'PATH_UNSAFE', message: `path: ${params.path}: ${params.message} (it must stay inside ${params.root})` });
    this.root = params.root;
    this.path = params.path;
  }
}
