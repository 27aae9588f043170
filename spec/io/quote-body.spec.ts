/** quoteBody: a short, safe quote of an error body, from a real loopback server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../../src/io/http-client.js';
import { quoteBody } from '../../src/io/quote-body.js';
import { type StallingServer, startStallingServer } from '../helpers/stalling-server.js';

let server: StallingServer;
beforeAll(async () => {
  server = await startStallingServer();
});
afterAll(() => server.close());

const token = 'hf_SecretToken1234567890';
const f = () => httpClient({ auth: { origin: server.origin, token } }).fetch;

describe('quoteBody', () => {
  it("quotes a JSON error's field, the echoed Authorization redacted", async () => {
    const response = await f()(`${server.origin}/echo-json?status=401`);
    expect(response.status).toBe(401);
    expect(await quoteBody({ response })).toBe('Invalid credentials in Authorization header: Bearer [redacted]');
  });

  it('cuts a long text body to maxChars, with no credential from the echoed headers', async () => {
    const quote = await quoteBody({ response: await f()(`${server.origin}/echo?status=400`) });
    expect(quote.length).toBeLessThanOrEqual(200);
    expect(quote).toMatch(/^not json; you sent \{/);
    expect(quote).not.toContain('SecretToken');
    expect(await quoteBody({ response: await f()(`${server.origin}/echo?status=400`), maxChars: 40 })).toHaveLength(40);
  });

  it('redacts values it is told of, wherever they are', async () => {
    const response = await httpClient().fetch(`${server.origin}/echo-json?status=403`);
    expect(await quoteBody({ response, secrets: ['credentials'] })).toBe('Invalid [redacted] in Authorization header: undefined');
  });

  it('reads at most 4 KiB of an endless body, and returns', async () => {
    const g = httpClient();
    const quote = await quoteBody({ response: await g.fetch(`${server.origin}/endless`) });
    expect(quote).toBe('');
    expect(g.stats.bytes).toBeLessThan(1 << 20);
  });
});
