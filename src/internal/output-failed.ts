import { DiffsegError, OutputError } from '../errors.js';

/**
 * A `.catch` handler for a file-system step of writing `path`: an error of the package passes
 * through, anything else (an fs error: permissions, a full disk, a path in the way) becomes an
 * {@link OutputError} naming the path and the step, with the fs error as its cause.
 * @example
 * await mkdir(dir).catch(outputFailed({ path: dir, what: 'cannot create the folder' }));
 * @internal
 */
export function outputFailed(params: { path: string; what: string }): (cause: unknown) => never {
  return (cause) => {
    throw cause instanceof DiffsegError ? cause : new OutputError({ path: params.path, message: `${params.what}: ${(cause as Error).message}`, cause });
  };
}
