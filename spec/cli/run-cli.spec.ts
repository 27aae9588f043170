import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, UsageError } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from './io.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('runCli', () => {
  it('lists every command on --help and exits 0', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of ['demo', 'info', 'validate', 'eval', 'distort']) expect(io.out()).toContain(`  ${name}`);
  });

  it('lists each command with the name and summary its module has (the list does not load the modules)', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect([command.name, command.summary]).toEqual([entry.name, entry.summary]);
    }
  });

  it('loads a command only when it runs: the list needs neither sharp nor parquet-wasm', () => {
    // A fresh process (this one has every module loaded already). sharp and parquet-wasm's node
    // entry are CommonJS, so the require cache shows whether anything imported them.
    const script = [
      "import { createRequire } from 'node:module';",
      "import { runCli } from './dist/cli/run-cli.js';",
      "const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: '.' };",
      "const heavy = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\/](sharp|parquet-wasm)[\\/]/.test(k)).length;",
      "await runCli(['--help'], io); const list = heavy();",
      "await runCli(['distort', '--help'], io);",
      "console.log(JSON.stringify({ list, distort: heavy() }));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { list, distort } = JSON.parse(out) as { list: number; distort: number };
    expect(list).toBe(0);
    expect(distort).toBeGreaterThan(0);
  });

  it('exits 2 with the command list for no command or an unknown one', async () => {
    expect(await runCli([], memoryIo())).toBe(2);
    const io = memoryIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toMatch(/unknown command 'frobnicate'\n/);
    const typo = memoryIo();
    expect(await runCli(['valdiate', 'samples'], typo)).toBe(2);
    expect(typo.err()).toMatch(/unknown command 'valdiate'; did you mean 'validate'\?/);
  });

  it('prints each command its own --help', async () => {
    for (const name of ['demo', 'info', 'validate', 'eval', 'distort']) {
      const io = memoryIo();
      expect(await runCli([name, '--help'], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: diffseg30k ${name}`));
    }
  });

  it('turns an unknown flag into exit 2 with the help text', async () => {
    const io = memoryIo();
    expect(await runCli(['info', 'samples', '--bogus'], io)).toBe(2);
    expect(io.err()).toMatch(/unknown option --bogus; the options are --\S+/);
    expect(io.err()).toMatch(/Usage: diffseg30k info/);
  });

  it('names the closest flag of a misspelt one', async () => {
    const io = memoryIo();
    expect(await runCli(['eval', '--data', 'samples', '--pred', 'p', '--boundry', 'davis'], io)).toBe(2);
    expect(io.err()).toMatch(/^diffseg30k eval: unknown option --boundry; did you mean --boundary\?\n/);
  });

  it('prints the package version', async () => {
    const io = memoryIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('parseCommandArgs', () => {
  it('parses flags and positionals without spawning a process', () => {
    const parsed = parseCommandArgs(['d', '--json', '--split', 'a', '--split', 'b'], { json: { type: 'boolean' }, split: { type: 'string', multiple: true } });
    expect(parsed).toEqual({ values: { json: true, split: ['a', 'b'] }, positionals: ['d'] });
  });

  it('throws a UsageError for a missing value and for positionals where none are allowed', () => {
    expect(() => parseCommandArgs(['--split'], { split: { type: 'string' } })).toThrow(UsageError);
    expect(() => parseCommandArgs(['x'], {}, false)).toThrow(UsageError);
  });
});
