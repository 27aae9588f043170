import { describe, expect, it } from 'vitest';
import { UsageError, parseCommandArgs } from '../../src/cli/command.js';

const OPTIONS = {
  'min-quality': { type: 'string' },
  limit: { type: 'string', short: 'n' },
  overwrite: { type: 'boolean', short: 'f' },
} as const;

/** The UsageError message of parsing `argv`, or undefined when it parses. */
function messageOf(argv: string[], allowPositionals = true): string | undefined {
  try {
    parseCommandArgs(argv, OPTIONS, allowPositionals);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
}

/** Every quote the message opens, it closes. */
function balanced(message: string): boolean {
  return [`'`, `"`, '`'].every((q) => message.split(q).length % 2 === 1);
}

describe('parseCommandArgs', () => {
  it('parses the flags a command declares, long, short, grouped and with =', () => {
    expect(parseCommandArgs(['--min-quality=3', '-fn', '5', 'pos'], OPTIONS)).toEqual({
      values: { 'min-quality': '3', overwrite: true, limit: '5' },
      positionals: ['pos'],
    });
  });

  it('names the closest flag of a misspelt one, with balanced quotes', () => {
    for (const typo of ['--min-quailty', '--minquality', '--min-quality2', '--Limit', '--overwrit']) {
      const message = messageOf([typo, '3'])!;
      expect(message, typo).toMatch(/^unknown option --\S+; did you mean --(min-quality|limit|overwrite)\?$/);
      expect(message).toContain(typo.split('=')[0]);
      expect(balanced(message), message).toBe(true);
    }
    expect(messageOf(['--min-quailty=3'])).toBe('unknown option --min-quailty; did you mean --min-quality?');
  });

  it('lists the flags when none is near, and says how to pass an argument starting with -', () => {
    for (const [argv, positionals] of [[['--zzzzzz'], true], [['-x'], true], [['-fx'], false], [['--zzzzzz'], false]] as const) {
      const message = messageOf([...argv], positionals)!;
      expect(message).toMatch(/^unknown option -(-zzzzzz|x); the options are --min-quality, --limit, --overwrite, --help/);
      expect(message.includes('goes after "--"')).toBe(positionals);
      expect(balanced(message), message).toBe(true);
    }
  });

  it('keeps node\'s words for the other mistakes, and takes what follows -- as positional', () => {
    expect(messageOf(['--limit'])).toMatch(/argument missing/);
    expect(messageOf(['pos'], false)).toMatch(/Unexpected argument 'pos'/);
    expect(parseCommandArgs(['--', '--min-quailty'], OPTIONS).positionals).toEqual(['--min-quailty']);
  });
});
