/**
 * The TypeScript blocks of the docs as programs: extraction, the `docs-run` markers, and the line
 * map from a program back to its Markdown. The rules are written out at the top of spec/docs/docs-run.spec.ts.
 */

/** What the spec does with a block. */
export type BlockMode = 'run' | 'typecheck-only' | 'no-check';

/** One ```ts block of a Markdown file. */
export interface DocBlock {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the block's first code line (the line after the fence). */
  line: number;
  /** The block's code lines. */
  code: string[];
  mode: BlockMode;
  /** Why the block is not run (required for every mode but `run`). */
  reason: string | undefined;
  /** Concatenated after the previous block of the same file (`after previous`). */
  afterPrevious: boolean;
  /** Code from a `prelude` marker: run before the block, not shown to readers. */
  prelude: { line: number; code: string[] } | undefined;
}

/** One program: a block, the blocks chained after it, and their preludes. */
export interface DocProgram {
  /** `file:line` of its first block. */
  name: string;
  blocks: DocBlock[];
  mode: BlockMode;
  /** The TypeScript source. */
  source: string;
  /** Where each source line (0-based index) comes from: `file:line`, or undefined for glue. */
  origin: (string | undefined)[];
}

const FENCE = /^```(ts|typescript)\s*$/;
const MARKER = /^<!--\s*docs-run:\s*([\s\S]*?)\s*-->$/;

/** A marker the spec cannot read: named by file and line. */
export class MarkerError extends Error {}

/**
 * Every ```ts / ```typescript block of one Markdown text, with the markers written directly
 * above its fence (HTML comments `<!-- docs-run: … -->`, one per line, or a multi-line prelude).
 */
export function extractBlocks(params: { file: string; text: string }): DocBlock[] {
  const lines = params.text.split('\n');
  const blocks: DocBlock[] = [];
  const read = new Set<number>(); // 0-based first lines of the markers read
  for (let i = 0; i < lines.length; i++) {
    if (!/^```/.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new MarkerError(`${params.file}:${i + 1}: a code block that is never closed`);
    if (FENCE.test(lines[i])) {
      const block: DocBlock = { file: params.file, line: i + 2, code: lines.slice(i + 1, end), mode: 'run', reason: undefined, afterPrevious: false, prelude: undefined };
      for (const marker of markersAbove(lines, i)) {
        read.add(marker.line - 1);
        applyMarker(block, marker);
      }
      if (block.afterPrevious && !blocks.length) throw new MarkerError(`${params.file}:${block.line}: \`after previous\` on the file's first block`);
      blocks.push(block);
    }
    i = end; // skip the block's body (another language's block may hold anything)
  }
  for (const [n, line] of lines.entries()) {
    if (/^<!--\s*docs-run:/.test(line) && !read.has(n)) throw new MarkerError(`${params.file}:${n + 1}: a docs-run marker that is not directly above a \`\`\`ts block`);
  }
  return blocks;
}

/** The HTML comment that ends on line `i`, if any: its first line and its text. */
function commentEndingAt(lines: string[], i: number): { start: number; text: string } | undefined {
  if (!/-->\s*$/.test(lines[i])) return undefined;
  let s = i;
  while (s >= 0 && !/^<!--/.test(lines[s])) {
    if (s < i && /-->/.test(lines[s])) return undefined;
    s--;
  }
  if (s < 0) return undefined;
  return { start: s, text: lines.slice(s, i + 1).join('\n') };
}

interface Marker {
  line: number;
  text: string;
}

function markersAbove(lines: string[], fence: number): Marker[] {
  const markers: Marker[] = [];
  let i = fence - 1;
  for (;;) {
    const comment = i >= 0 ? commentEndingAt(lines, i) : undefined;
    if (!comment) break;
    const m = MARKER.exec(comment.text.trim());
    if (!m) break;
    markers.unshift({ line: comment.start + 1, text: m[1] });
    i = comment.start - 1;
  }
  return markers;
}

function applyMarker(block: DocBlock, marker: Marker): void {
  const where = `${block.file}:${marker.line}`;
  const [head, ...rest] = marker.text.split('\n');
  if (/^prelude\s*$/.test(head)) {
    if (block.prelude) throw new MarkerError(`${where}: a second prelude for one block`);
    if (!rest.some((l) => l.trim())) throw new MarkerError(`${where}: an empty prelude`);
    block.prelude = { line: marker.line + 1, code: rest };
    return;
  }
  if (rest.length) throw new MarkerError(`${where}: only a prelude marker may span lines`);
  if (/^after previous$/.test(head)) {
    block.afterPrevious = true;
    return;
  }
  const m = /^(typecheck-only|no-check)(?:\s*\((.*)\))?$/.exec(head);
  if (!m) throw new MarkerError(`${where}: unknown docs-run marker "${head}" (known: typecheck-only (why), no-check (why), after previous, prelude)`);
  if (!m[2]?.trim()) throw new MarkerError(`${where}: "${m[1]}" needs a reason in parentheses, e.g. ${m[1]} (needs a WebGPU browser)`);
  if (block.mode !== 'run') throw new MarkerError(`${where}: a second mode marker for one block`);
  block.mode = m[1] as BlockMode;
  block.reason = m[2].trim();
}

/**
 * Chains blocks into programs: a block marked `after previous` joins the program of the block
 * before it. A program is as strict as its strictest block (`no-check` > `typecheck-only` > `run`).
 */
export function toPrograms(blocks: DocBlock[]): DocProgram[] {
  const groups: DocBlock[][] = [];
  for (const block of blocks) {
    if (block.afterPrevious) groups[groups.length - 1].push(block);
    else groups.push([block]);
  }
  const rank: Record<BlockMode, number> = { run: 0, 'typecheck-only': 1, 'no-check': 2 };
  return groups.map((group) => {
    const source: string[] = [];
    const origin: (string | undefined)[] = [];
    const add = (file: string, first: number, code: string[]) => {
      code.forEach((l, k) => {
        source.push(l);
        origin.push(`${file}:${first + k}`);
      });
    };
    for (const b of group) if (b.prelude) add(b.file, b.prelude.line, b.prelude.code);
    for (const b of group) add(b.file, b.line, b.code);
    // The module marker makes top-level await legal in a block without an import.
    source.push('export {};');
    origin.push(undefined);
    const mode = group.reduce<BlockMode>((m, b) => (rank[b.mode] > rank[m] ? b.mode : m), 'run');
    return { name: `${group[0].file}:${group[0].line}`, blocks: group, mode, source: source.join('\n') + '\n', origin };
  });
}
