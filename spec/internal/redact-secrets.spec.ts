import { describe, expect, it } from 'vitest';
import { DiffsegError, HubError } from '../../src/errors.js';
import { redactSecrets, rememberSecret } from '../../src/internal/redact-secrets.js';

describe('redactSecrets', () => {
  it('removes a remembered secret wherever it appears, and the credential forms servers echo', () => {
    rememberSecret('s3cr3t-value-not-hf-shaped');
    const echoed = redactSecrets('bad request: {"headers":{"Authorization":"Bearer hf_AbCdEfGhIjKlMnOpQrStUv","cookie":"session=xyz123456"}} s3cr3t-value-not-hf-shaped');
    expect(echoed).not.toMatch(/hf_AbCd|xyz123456|s3cr3t-value/);
    expect(echoed).toContain('[redacted]');
    expect(redactSecrets('token hf_0123456789abcdefABCDEF seen')).toBe('token [redacted] seen');
    expect(redactSecrets('see https://user:pw@host/x')).toBe('see https://[redacted]@host/x');
    expect(redactSecrets('authorization: Basic dXNlcjpwYXNzd29yZA==')).not.toContain('dXNlcjpwYXNz');
  });

  it('is idempotent: a message quoting a redacted one is not changed again', () => {
    const once = redactSecrets('you sent {"authorization": "Bearer hf_xyzxyzxyzxyz", "cookie": "a=1; b=2"} and Basic dXNlcjpwYXNz');
    expect(redactSecrets(once)).toBe(once);
  });

  it('leaves ordinary messages as they are', () => {
    const text = 'hub: https://huggingface.co/api/datasets/org/name: the token given may not read org/name (HTTP 403)';
    expect(redactSecrets(text)).toBe(text);
  });

  it('applies to every DiffsegError message and to a foreign cause quoted in it', () => {
    rememberSecret('hf_rememberedTokenValue1234');
    const cause = new Error('server said: Bearer hf_rememberedTokenValue1234 is not allowed');
    const error = new HubError({ url: 'http://x', message: `failed: echo hf_rememberedTokenValue1234`, cause });
    expect(error).toBeInstanceOf(DiffsegError);
    expect(error.message).not.toContain('rememberedTokenValue');
    expect(String((error.cause as Error).message)).not.toContain('rememberedTokenValue');
  });
});
