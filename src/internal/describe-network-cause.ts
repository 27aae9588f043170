/** A network failure in a few words for a message: the error's text and its system code (`ECONNRESET` …). */
export function describeNetworkCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const code = (inner as { code?: string } | undefined)?.code ?? (cause as { code?: string }).code;
    return `${cause.message}${code ? ` (${code})` : inner instanceof Error ? ` (${inner.message})` : ''}`;
  }
  return String(cause);
}
