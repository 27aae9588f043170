import { describe, expect, it } from 'vitest';
import { parseCommandArgs, UsageError } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from './io.js';

describe('runCli', () => {
  it('lists every command on --help and exits 0', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of ['demo', 'info', 'validate', 'eval', 'distort']) expect(io.out()).toContain(`  ${name}`);
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
