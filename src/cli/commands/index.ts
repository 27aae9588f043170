import type { Command } from '../command.js';

/**
 * A sub-command as the command list knows it: its name and line, and its module, loaded only
 * when it runs or shows its help. Every command pulls in parquet-wasm, sharp or apache-arrow
 * (0.2–0.3 s of CPU each to load); importing all of them made `diffseg30k --help` cost 0.9 s of
 * CPU and every command pay for the others' modules.
 */
export interface CommandEntry {
  /** Name typed after `diffseg30k`. */
  name: string;
  /** One line for the command list (the module's own `summary` says the same). */
  summary: string;
  /** The command itself. */
  load: () => Promise<Command>;
}

/** Every sub-command, in the order `diffseg30k --help` lists them. */
export const COMMANDS: CommandEntry[] = [
  { name: 'demo', summary: 'stream the bundled samples, print them and write overlay PNGs', load: async () => (await import('./demo.js')).demoCommand },
  { name: 'info', summary: 'splits, counts, generators per turn and bytes of a dataset', load: async () => (await import('./info.js')).infoCommand },
  { name: 'stats', summary: "the paper's Figure 3: statistics as tables, JSON, SVG and PNG", load: async () => (await import('./stats.js')).statsCommand },
  { name: 'validate', summary: 'check every invariant over every record of a dataset', load: async () => (await import('./validate.js')).validateCommand },
  { name: 'distort', summary: 'write a distorted copy of a split (JPEG, resize … robustness presets)', load: async () => (await import('./distort.js')).distortCommand },
  { name: 'eval', summary: 'score predicted label maps (Acc, mIoU, bF1; detection Acc, AP)', load: async () => (await import('./eval.js')).evalCommand },
  { name: 'table', summary: "eval runs beside the paper's Tables 2, 3, 5, 6, 7 (md, LaTeX, CSV, HTML)", load: async () => (await import('./table.js')).tableCommand },
  { name: 'download', summary: 'fill the Hugging Face cache with a Hub dataset, for offline use', load: async () => (await import('./download.js')).downloadCommand },
  { name: 'import', summary: "convert the authors' zip release or image/mask Parquet to canonical shards", load: async () => (await import('./import.js')).importCommand },
];
