/**
 * Secrets the process has been given (access tokens), and the one rule that keeps them — and any
 * credential a server echoes — out of every message: every {@link DiffsegError} passes its message
 * through {@link redactSecrets}, so no code path has to remember to.
 * @internal
 */
const known = new Set<string>();

/** A Hugging Face access token (`hf_` and 34 letters and digits today; slack either way). */
export const HF_TOKEN = /\bhf_[A-Za-z0-9]{8,}/g;

/** Shorter strings are not remembered: redacting them would garble ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * Remembers a secret (a token read from a parameter, the environment or the token file) so that
 * no error message of this process can ever show it.
 * @internal
 */
export function rememberSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_SECRET_LENGTH) known.add(secret);
}

/**
 * `text` without any remembered secret, Hugging Face token (`hf_…`), bearer or basic credential,
 * a URL's user:password, or `Authorization` / `Cookie` / `Set-Cookie` / `X-Api-Key` header value — the forms in which a
 * hostile or careless server echoes a request's credentials back in an error body. Redacting
 * twice changes nothing (messages quoted into messages are redacted again).
 * @internal
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out
    // A header's value runs to the end of its line (or of its JSON string): all of it goes.
    .replace(/\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(["']?\s*[:=])(?!\s*["']?\[redacted\])(\s*["']?)[^"'}\]\r\n]*/gi, '$1$2$3[redacted]')
    .replace(/\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]+/gi, '$1$2[redacted]')
    .replace(HF_TOKEN, '[redacted]')
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@');
}
