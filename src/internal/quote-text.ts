import { redactSecrets } from './redact-secrets.js';

/**
 * Text a server sent, made fit to quote in an error message: each of `secrets` and everything
 * {@link redactSecrets} takes for a credential (the process's tokens, `Authorization`/`Cookie`
 * values a server echoes, Bearer or Basic credentials, `hf_…` tokens, a URL's user:password)
 * replaced by `[redacted]`, then whitespace collapsed and the whole cut to `maxChars` (200 by
 * default). A hostile server's body is never quoted whole, nor a secret from it. Redaction comes
 * before the cut, so a token is never half-quoted.
 * @internal
 */
export function quoteText(text: string, options: { maxChars?: number; secrets?: readonly string[] } = {}): string {
  const maxChars = options.maxChars ?? 200;
  let clean = text;
  for (const secret of options.secrets ?? []) if (secret) clean = clean.split(secret).join('[redacted]');
  clean = redactSecrets(clean).replace(/\s+/g, ' ').trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean;
}
