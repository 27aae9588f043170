/** A Hugging Face access token (`hf_` and 34 letters and digits today; a little slack either way). */
export const HF_TOKEN = /\bhf_[A-Za-z0-9]{30,}/g;

/**
 * Text a server sent, made fit to quote in an error message: anything that looks like a
 * credential replaced by `[redacted]` — each of `secrets`, the value of an `Authorization`,
 * `Cookie` or `Set-Cookie` header a server echoes, a Bearer or Basic credential, an `hf_…` token, a URL's
 * user:password — then whitespace collapsed and the whole cut to `maxChars` (200 by default).
 * A hostile server's body is never quoted whole, nor a secret from it. Redaction comes before
 * the cut, so a token is never half-quoted.
 */
export function quoteText(text: string, options: { maxChars?: number; secrets?: readonly string[] } = {}): string {
  const maxChars = options.maxChars ?? 200;
  let clean = text;
  for (const secret of options.secrets ?? []) if (secret) clean = clean.split(secret).join('[redacted]');
  clean = clean
    // A header's value runs to the end of its line (or of its JSON string): all of it goes.
    .replace(/\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(["']?\s*[:=]\s*["']?)[^"'}\]\r\n]*/gi, '$1$2[redacted]')
    .replace(/\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]+/gi, '$1$2[redacted]')
    .replace(HF_TOKEN, '[redacted]')
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean;
}
