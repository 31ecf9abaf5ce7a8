import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { checkAuthorization } from './check-authorization.js';
import { FAULT_HEADER, parseFaults } from './faults.js';
import { errorReply, type Reply } from './reply.js';
import { Router } from './router.js';
import { CERTIFICATES, certificates } from './routes/certificates.js';
import { SMARTRETAIL_COMPLETE, smartretailOrdersComplete } from './routes/smartretail-orders-complete.js';
import { signReply } from './sign-reply.js';
import type { SimulatorKeys } from './simulator-keys.js';
import type { ReceivedRequest, SimulatorV2Options } from './simulator-options.js';
import { V2_PATHS, v2Route } from './v2-routes.js';

/** The largest request body the simulator reads (WeChat Pay's JSON APIs take far less). */
const MAX_BODY = 1 << 20;
/** How many received requests it keeps for `received()`: the most recent ones. */
const KEEP_RECEIVED = 10_000;

export interface RunningServer {
  baseURL: string;
  /** `https://127.0.0.1:PORT/`, the listener that asks for a client certificate, when `v2.tls` is set. */
  secureBaseURL: string | undefined;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A WeChat Pay APIv3 look-alike on 127.0.0.1: checks every signature, answers signed. */
export async function startServer(keys: SimulatorKeys, port = 0, v2?: SimulatorV2Options): Promise<RunningServer> {
  const secret = v2 && loadSymmetricKey(v2.secret, 'v2.secret');
  const router = new Router()
    .add('POST', SMARTRETAIL_COMPLETE, smartretailOrdersComplete)
    .add('GET', CERTIFICATES, () => certificates(keys));
  const received: ReceivedRequest[] = [];
  const nonces = new Map<string, number>();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  };
  const server: Server = createServer(listener);
  // Asks every client for a certificate and accepts connections without one: secapi/… then refuses the call.
  const secure = v2?.tls && createTlsServer({ ...v2.tls, requestCert: true, rejectUnauthorized: false }, listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    received.push({ method, target, headers: flatHeaders(req), body: body.toString('utf8') });
    if (received.length > KEEP_RECEIVED) received.shift();
    const faults = parseFaults(req.headers[FAULT_HEADER] as string | undefined);
    if (faults.hang) return; // the socket stays open until the client gives up or the simulator closes
    if (faults.delay > 0) await new Promise((resolve) => setTimeout(resolve, faults.delay));
    const pathname = new URL(target, 'http://simulator').pathname;
    if (secret && V2_PATHS.has(pathname) && method === 'POST') {
      // Both: a resumed TLS session without a client certificate can report `authorized` (no verify error).
      const socket = req.socket as Partial<TLSSocket>;
      const clientCertificate = socket.authorized === true && Object.keys(socket.getPeerCertificate?.() ?? {}).length > 0;
      const reply = v2Route(pathname, body, { mchid: keys.mchid, secret, clientCertificate, faults });
      const bytes = Buffer.from(reply.body, 'utf8');
      res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': String(bytes.length) });
      res.end(bytes);
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const reply =
      (faults.unknown.length > 0 ? errorReply(400, 'SIMULATOR_FAULT', `unknown faults: ${faults.unknown.join(', ')}`) : undefined) ??
      checkAuthorization(method, target, req.headers.authorization, body, { mchid: keys.mchid, serial: keys.merchant.serial, publicKey: keys.merchant.publicKey, nonces, now }) ??
      checkPlatformSerial(req.headers['wechatpay-serial'] as string | undefined, keys.platforms.map((key) => key.serial)) ??
      (faults.status ? errorReply(faults.status, 'SYSTEM_ERROR', '系统错误 (simulated)') : undefined) ??
      route(method, target, body);
    const payload = Buffer.from(JSON.stringify(reply.json));
    const signed = signReply(payload, keys.platform, now, faults);
    res.writeHead(reply.status, { ...signed.headers, 'Content-Length': String(signed.body.length) });
    res.end(signed.body);
  }

  function route(method: string, target: string, body: Buffer): Reply {
    const url = new URL(target, 'http://simulator');
    const found = router.match(method, url.pathname);
    if (!found) return errorReply(404, 'NOT_FOUND', `${method} ${url.pathname} is not served by the simulator`);
    let json: unknown;
    try {
      json = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      return errorReply(400, 'PARAM_ERROR', '请求体不是合法的JSON');
    }
    return found.handler({ params: found.params, query: url.searchParams, json, mchid: keys.mchid });
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
  return {
    baseURL: `http://127.0.0.1:${bound}/`,
    secureBaseURL: secure ? `https://127.0.0.1:${(secure.address() as AddressInfo).port}/` : undefined,
    received,
    close: async () => {
      await Promise.all([closing(server), closing(secure)]);
    },
  };
}

/** A `Wechatpay-Serial` request header must name a key WeChat Pay has (here: the simulator's). */
function checkPlatformSerial(serial: string | undefined, known: readonly string[]): Reply | undefined {
  if (serial === undefined || known.includes(serial)) return undefined;
  return errorReply(400, 'PARAM_ERROR', `Wechatpay-Serial ${serial} is not a platform key of this merchant`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
