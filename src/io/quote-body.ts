import { quoteText } from '../internal/quote-text.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Parameters of {@link quoteBody}. */
export interface QuoteBodyParams {
  /** An error response (4xx, 5xx) whose body may explain it. */
  response: Response;
  /** The longest quote. @default 200 */
  maxChars?: number;
  /** Values never to quote (the token the request carried), beside the credential patterns always redacted. */
  secrets?: readonly string[];
}

/** The most bytes of an error body read for a quote; the rest is cancelled unread. */
const QUOTE_READ_BYTES = 4096;

/**
 * A short, safe quote of an error response's body, for a message: the `error` (or `message`)
 * field of a JSON body, else its text; at most `maxChars` characters, whitespace collapsed,
 * credentials redacted (a server may echo the request's `Authorization` or `Cookie`). Reads at
 * most 4 KiB of the body and cancels the rest; never throws (a body that cannot be read quotes
 * as `''`).
 * @example
 * if (!response.ok) throw new Error(`HTTP ${response.status}: ${await quoteBody({ response })}`);
 */
export async function quoteBody(params: QuoteBodyParams): Promise<string> {
  checkParams('quoteBody', params, keysOf<Parameters<typeof quoteBody>[0]>()('response', 'maxChars', 'secrets'));
  const { response } = params;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < QUOTE_READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // What came before the failure is still worth quoting.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(total, QUOTE_READ_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
  }
  const text = new TextDecoder().decode(bytes);
  let said = text;
  try {
    const json = JSON.parse(text) as unknown;
    const field = json && typeof json === 'object' ? ((json as Record<string, unknown>).error ?? (json as Record<string, unknown>).message) : undefined;
    if (typeof field === 'string') said = field;
  } catch {
    // Not JSON (or cut at 4 KiB): quote the text.
  }
  return quoteText(said, { maxChars: params.maxChars, secrets: params.secrets });
}
