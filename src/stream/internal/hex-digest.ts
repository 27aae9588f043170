/** SHA-256 of a string (UTF-8), as the first `length` hex digits: a fingerprint, not a secret. */
export async function hexDigest(text: string, length = 24): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex.slice(0, length);
}
