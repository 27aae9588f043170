/** quoteText: what a message may quote of a server's text. */
import { describe, expect, it } from 'vitest';
import { quoteText } from '../../src/internal/quote-text.js';

const TOKEN = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567';

describe('quoteText', () => {
  it('redacts credentials a server echoes, in headers, JSON, tokens and URLs', () => {
    expect(quoteText('Authorization: Bearer abc.def\nHost: x')).toBe('Authorization: [redacted] Host: x');
    expect(quoteText('{"authorization":"Bearer abc","ok":1}')).toBe('{"authorization":"[redacted]","ok":1}');
    expect(quoteText('cookie: a=1; b=2\nnext')).toBe('cookie: [redacted] next');
    expect(quoteText('Set-Cookie: s=1; HttpOnly')).toBe('Set-Cookie: [redacted]');
    expect(quoteText(`your token ${TOKEN} is bad`)).toBe('your token [redacted] is bad');
    expect(quoteText('a repo named hf_dataset is no token')).toBe('a repo named hf_dataset is no token');
    expect(quoteText('used bearer xyz123 here')).toBe('used bearer [redacted] here');
    expect(quoteText('see https://user:pass@host/x')).toBe('see https://[redacted]@host/x');
    expect(quoteText('a secret-value b', { secrets: ['secret-value'] })).toBe('a [redacted] b');
  });

  it('collapses whitespace and cuts after redacting, so no token is half-quoted', () => {
    expect(quoteText('a \n\t b')).toBe('a b');
    const long = `${'x'.repeat(190)} ${TOKEN}`;
    const quoted = quoteText(long);
    expect(quoted).toHaveLength(200);
    expect(quoted).not.toMatch(/hf_a/);
  });
});
