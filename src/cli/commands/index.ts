import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { infoCommand } from './info.js';
import { statsCommand } from './stats.js';
import { validateCommand } from './validate.js';
import { distortCommand } from './distort.js';
import { evalCommand } from './eval.js';
import { tableCommand } from './table.js';
import { downloadCommand } from './download.js';
import { importCommand } from './import.js';

/** Every sub-command, in the order `diffseg30k --help` lists them. One line per command. */
export const COMMANDS: Command[] = [
  demoCommand,
  infoCommand,
  statsCommand,
  validateCommand,
  distortCommand,
  evalCommand,
  tableCommand,
  downloadCommand,
  importCommand,
];
