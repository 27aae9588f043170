import type { Command } from '../command.js';

/** Every sub-command, in the order `diffseg30k --help` lists them. One line per command. */
export const COMMANDS: Command[] = [
];
