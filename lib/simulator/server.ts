import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Engine } from './engine.js';
import type { ServedFile, ServeFileOptions } from './served-files.js';
import type { ReceivedRequest, SimulatorV2Options } from './simulator-options.js';

export interface RunningServer {
  baseURL: string;
  /** `https://127.0.0.1:PORT/`, the listener that asks for a client certificate, when `v2.tls` is set. */
  secureBaseURL: string | undefined;
  received: ReceivedRequest[];
  /** Hands out a file at `v3/billdownload/file?token=…`. */
  serveFile(content: Uint8Array | string, options?: ServeFileOptions): Promise<ServedFile>;
  close(): Promise<void>;
}

/**
 * A WeChat Pay look-alike on 127.0.0.1: carries each request to the engine (which checks it and answers signed)
 * and its answer back; everything but the sockets is the engine's. `v2.tls` adds the HTTPS listener.
 */
export async function startServer(engine: Engine, port = 0, v2?: SimulatorV2Options): Promise<RunningServer> {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  };
  const server: Server = createServer(listener);
  // Asks every client for a certificate and accepts connections without one: secapi/… then refuses the call.
  const secure = v2?.tls && createTlsServer({ ...v2.tls, requestCert: true, rejectUnauthorized: false }, listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const headers = flatHeaders(req);
    const body = await readBody(req, engine.bodyLimit(method, target, headers['content-type']));
    // Both: a resumed TLS session without a client certificate can report `authorized` (no verify error).
    const socket = req.socket as Partial<TLSSocket>;
    const clientCertificate = socket.authorized === true && Object.keys(socket.getPeerCertificate?.() ?? {}).length > 0;
    const answer = await engine.handle({ method, target, headers, body, clientCertificate });
    if ('drop' in answer) {
      // hang: the socket stays open until the client gives up or the simulator closes.
      if (answer.drop === 'reset') req.socket.destroy();
      return;
    }
    if (Buffer.isBuffer(answer.body)) {
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(answer.body.length) });
      res.end(answer.body);
      return;
    }
    res.writeHead(answer.status, answer.headers);
    pipeline(answer.body, res, (error) => {
      if (error) res.destroy(error);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  if (secure) {
    await new Promise<void>((resolve, reject) => {
      secure.once('error', reject);
      secure.listen(0, '127.0.0.1', () => resolve());
    });
  }
  const closing = (listening: Server | undefined) =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening.closeAllConnections();
      listening.close(() => resolve());
    });
  engine.files.baseURL = `http://127.0.0.1:${bound}/`;
  return {
    baseURL: `http://127.0.0.1:${bound}/`,
    secureBaseURL: secure ? `https://127.0.0.1:${(secure.address() as AddressInfo).port}/` : undefined,
    received: engine.received,
    serveFile: (content, options) => engine.files.serve(content, options),
    close: async () => {
      await Promise.all([closing(server), closing(secure)]);
    },
  };
}

/** The body, or `undefined` when it is over `limit` bytes (the rest is read and dropped, so the answer can be sent). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
    else chunks.length = 0;
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
