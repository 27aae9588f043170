/** A real HTTP server on a free port of 127.0.0.1, for a spec that needs one answer or another. */
import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running local server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  server: Server;
  /** Drops every connection (held ones included) and stops listening. */
  close(): Promise<void>;
}

/** Starts a server answering with `handler`. */
export async function startLocalServer(handler: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
