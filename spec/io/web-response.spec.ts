/** webResponse: a client's answer as a web Response (what httpClient's fetch returns), against a real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../../src/io/http-client.js';
import { webResponse } from '../../src/io/web-response.js';
import { STALLING_DATA, type StallingServer, startStallingServer } from '../helpers/stalling-server.js';

let server: StallingServer;
beforeAll(async () => {
  server = await startStallingServer();
});
afterAll(() => server.close());

describe('webResponse', () => {
  it('pulls the body only as it is read, and carries the URL and status', async () => {
    const client = httpClient();
    const response = webResponse(await client.request({ url: `${server.origin}/ok` }));
    expect(response.url).toBe(`${server.origin}/ok`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"stalling-v1"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.stats.bytes).toBe(0);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(STALLING_DATA);
    expect(client.stats.bytes).toBe(STALLING_DATA.length);
  });

  it('a reader that cancels stops the body; one that stops reading holds it back', async () => {
    const client = httpClient();
    const response = webResponse(await client.request({ url: `${server.origin}/endless` }));
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const held = client.stats.bytes;
    // Not reading: at most what the stream queues, not the endless body.
    expect(held).toBeLessThan(1 << 20);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.stats.bytes).toBe(held);
  });

  it('an error of the body errors the stream, with the HttpError', async () => {
    const client = httpClient({ timeouts: { idleMs: 100 } });
    const response = webResponse(await client.request({ url: `${server.origin}/chunked-stall` }));
    const error = await response.text().catch((e) => e);
    expect(error.name).toBe('HttpError');
    expect(error.deadline).toBe('idle');
  });
});
