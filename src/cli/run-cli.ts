import { DiffsegError } from '../errors.js';
import { closest } from '../internal/check-params.js';
import { type CommandIo, EXIT, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';

const MAIN_HELP = () => `diffseg30k — tools for the DiffSeg30k benchmark of localized AI-edit detection

Usage: diffseg30k <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'diffseg30k <command> --help' for a command's options.
`;

/**
 * Runs the CLI in-process and resolves to its exit code (0 ok, 1 data problem, 2 usage error).
 * Errors of the package print as one line; anything else is a bug and prints its stack.
 */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MAIN_HELP());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    const { createRequire } = await import('node:module');
    io.stdout(`${createRequire(import.meta.url)('../../package.json').version}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const near = closest(name, COMMANDS.map((c) => c.name));
    io.stderr(`diffseg30k: unknown command '${name}'${near ? `; did you mean '${near}'?` : ''}\n\n${MAIN_HELP()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`diffseg30k ${name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    if (error instanceof DiffsegError) {
      io.stderr(`diffseg30k ${name}: ${error.message}\n`);
      return error.code === 'INVALID_ARGUMENT' ? EXIT.usage : EXIT.data;
    }
    throw error;
  }
}
