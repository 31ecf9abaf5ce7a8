import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** A request as a receiver got it: the raw bytes and the headers. */
export interface Captured {
  raw: Buffer;
  headers: Record<string, string>;
}

/**
 * A real node:http server on 127.0.0.1 for the tests of one file, routing by path to listeners set by the tests;
 * it records each request's raw bytes alongside whatever the listener does with them.
 */
export function notifyReceiver() {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const entry: Captured = { raw: Buffer.alloc(0), headers: {} };
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') entry.headers[name] = value;
    captured.push(entry);
    // Listening before the route does: both see every chunk.
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => (entry.raw = Buffer.concat(chunks)));
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  const state = {
    server,
    captured,
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    route(path: string, listener: (req: IncomingMessage, res: ServerResponse) => void) {
      routes.set(path, listener);
      return state.url(path);
    },
  };
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return state;
}
