/**
 * The shape every `diffseg30k` sub-command has. Commands are thin: they parse their flags with
 * `node:util`'s `parseArgs` (via {@link parseCommandArgs}), call the public API, and print.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; injectable so specs run commands in-process without spawning. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars only then). */
  isTTY: boolean;
  /** Working directory against which relative paths resolve. */
  cwd: string;
}

/** Exit codes: 0 ok, 1 a data problem, 2 a usage error. */
export const EXIT = { ok: 0, data: 1, usage: 2 } as const;

/** A usage mistake (unknown flag, missing argument); the CLI prints it with the command's help, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One sub-command. */
export interface Command {
  /** Name typed after `diffseg30k`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[], io: CommandIo): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags (by long name) and positional arguments. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments strictly; unknown flags and bad values become a {@link UsageError}.
 * Always accepts `--help`/`-h`.
 */
export function parseCommandArgs(argv: string[], options: Options, allowPositionals = true): ParsedArgs {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
