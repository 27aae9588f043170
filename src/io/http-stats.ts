/** What an `httpClient` has done so far (shared by everything that uses it). */
export interface HttpStats {
  /** HTTP requests sent, redirects and retries included. */
  requests: number;
  /** Response body bytes received. */
  bytes: number;
  /** Requests sent again after a 5xx, a 429, a reset connection or a cut body. */
  retries: number;
  /** Redirects followed (the Hub answers a file download with a 302 to its CDN). */
  redirects: number;
  /** Cut bodies continued from the byte they reached. */
  resumed: number;
}
