import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { checkRevision } from '../../src/repo/check-revision.js';

describe('checkRevision', () => {
  it.each(['main', 'v1.0', 'refs/convert/parquet', 'refs/pr/3', 'feature/x_y-z', 'a'.repeat(40), '0123456789abcdef0123456789abcdef01234567'])('accepts %s', (rev) => {
    expect(checkRevision(rev)).toBe(rev);
  });

  it.each(['', '.', '..', 'x/.', '../../x', 'a/../b', 'main%00', 'main%2F..', 'main\0', 'a b', '.hidden', 'x.lock', 'a//b', '/main', 'main/', 'x..y', 'a@{1}', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'x.', 'a'.repeat(256)])(
    'refuses %j with an ArgumentError naming it',
    (rev) => {
      const error = (() => {
        try {
          checkRevision(rev);
        } catch (e) {
          return e as ArgumentError;
        }
      })();
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error!.message).toContain(JSON.stringify(rev).slice(0, 30));
    },
  );
});
