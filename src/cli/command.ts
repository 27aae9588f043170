/**
 * The shape every `diffseg30k` sub-command has. Commands are thin: they parse their flags with
 * `node:util`'s `parseArgs` (via {@link parseCommandArgs}), call the public API, and print.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../internal/check-params.js';

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
 * An unknown flag is named with the closest one the command has (`did you mean --min-quality?`).
 * Always accepts `--help`/`-h`.
 */
export function parseCommandArgs(argv: string[], options: Options, allowPositionals = true): ParsedArgs {
  const all: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  try {
    const parsed = parseArgs({ args: argv, options: all, allowPositionals, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    // node's own wording of an unknown flag ends in an unclosed quote and suggests `--` even
    // for what is plainly a misspelt flag; say what the command has instead.
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = unknownFlag(argv, all);
      if (flag) throw new UsageError(unknownFlagMessage(flag, all, allowPositionals));
    }
    throw new UsageError((error as Error).message);
  }
}

/** The first flag of `argv` (before a `--`) that `options` does not declare, as typed. */
function unknownFlag(argv: string[], options: Options): string | undefined {
  const shorts = new Set(Object.values(options).map((o) => o.short));
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0];
      if (!(name in options)) return `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1) {
      // A group of short flags (`-ab`); a value may follow the first that takes one.
      for (const char of arg.slice(1)) {
        if (!shorts.has(char)) return `-${char}`;
        const long = Object.entries(options).find(([, o]) => o.short === char);
        if (long?.[1].type === 'string') break;
      }
    }
  }
  return undefined;
}

/** `unknown option --x`, the closest flag when one is near, and how to pass a value starting with `-`. */
function unknownFlagMessage(flag: string, options: Options, allowPositionals: boolean): string {
  const names = Object.keys(options);
  const near = flag.startsWith('--') ? closest(flag.slice(2), names) : undefined;
  const hint = near ? `; did you mean --${near}?` : `; the options are ${names.map((n) => `--${n}`).join(', ')}`;
  // A flag-like positional (a file called `-x`) is the rarer mistake: only hinted at with no flag near.
  const positional = !near && allowPositionals ? ` (an argument starting with "-" goes after "--", as in: -- ${flag})` : '';
  return `unknown option ${flag}${hint}${positional}`;
}
