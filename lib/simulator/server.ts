import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { catalog, wirePath, type OperationSpec } from './catalog.js';
import { checkAuthorization } from './check-authorization.js';
import type { FaultEffect } from './fault-rules.js';
import { FAULT_HEADER, parseFaults, type Faults } from './faults.js';
import { errorReply, refusalReply, type Reply } from './reply.js';
import { Router } from './router.js';
import { billApply, type LedgerDay, FUNDFLOWBILL, GLOBAL_STATEMENTS, globalStatements, TRADEBILL } from './routes/bills.js';
import { CERTIFICATES, certificates } from './routes/certificates.js';
import {
  COMPLAINT_IMAGE_UPLOAD,
  FAVOR_IMAGE_UPLOAD,
  MEDIA_UPLOAD,
  mediaUpload,
  readUpload,
  UPLOAD_PATHS,
  VIDEO_UPLOAD,
} from './routes/media-upload.js';
import { SMARTRETAIL_COMPLETE, smartretailOrdersComplete } from './routes/smartretail-orders-complete.js';
import { BILL_DOWNLOAD, COMPLAINT_IMAGE, FileStore, ImageStore, type ServedFile, type ServeFileOptions } from './served-files.js';
import { requestId, signReply } from './sign-reply.js';
import type { SimulatorKeys } from './simulator-keys.js';
import type { ReceivedRequest, SimulatorV2Options } from './simulator-options.js';
import { echoOf, synthesize } from './synthesize-answer.js';
import { V2_PATHS, v2Route } from './v2-routes.js';
import { isObject, validateRequest } from './validate-request.js';
import type { V2Payload } from '../utils/v2-xml.js';

/** The control routes' path prefix: `POST /__simulator/pay`… */
export const CONTROL_PREFIX = '/__simulator/';

/** The largest request body the simulator reads (WeChat Pay's JSON APIs take far less). */
const MAX_BODY = 1 << 20;
/** The largest multipart upload it reads (videos: WeChat Pay takes 5 MB, benchmarks send more). */
const MAX_UPLOAD = 32 << 20;
/** How many received requests it keeps for `received()`: the most recent ones. */
const KEEP_RECEIVED = 10_000;

/** What a catalog operation's handler gets: the request, validated against the catalog. */
export interface CatalogInput {
  operation: OperationSpec;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body (APIv3) or `meta` of an upload; `{}` when there was none. */
  json: Record<string, unknown>;
  mchid: string;
  /** Repeatable generated values: the simulator's seed with the operation and the request's identifiers. */
  seed: string;
}

/** Serves one catalog operation with state (the ledger); `undefined` leaves it to the catalog's sample answer. */
export type CatalogHandler = (input: CatalogInput) => Reply | undefined;
/** The same for an APIv2 operation: the answer's fields, `result_code` included. */
export type V2Handler = (request: V2Payload, input: CatalogInput) => V2Payload | undefined;

/** What the server needs beyond its keys. */
export interface ServerOptions {
  port?: number | undefined;
  v2?: SimulatorV2Options | undefined;
  /** Makes generated ids and samples repeatable. */
  seed?: string | undefined;
  /** Operations served with state, by catalog key (`POST v3/pay/transactions/jsapi`). */
  handlers?: ReadonlyMap<string, CatalogHandler>;
  v2Handlers?: ReadonlyMap<string, V2Handler>;
  /** Serves `/__simulator/…`, the unsigned control routes for other processes (pay, orders, faults…). */
  control?: (method: string, path: string, body: Buffer) => Promise<{ status: number; json: unknown }>;
  /** The ledger's records of a day, for the bills. */
  ledgerDay?: LedgerDay;
  /** Asked before routing: what a programmed fault does to this request, if any (after its delay). */
  fault?: (method: string, pathname: string, operation: OperationSpec | undefined) => Promise<FaultEffect | undefined>;
}

export interface RunningServer {
  baseURL: string;
  /** `https://127.0.0.1:PORT/`, the listener that asks for a client certificate, when `v2.tls` is set. */
  secureBaseURL: string | undefined;
  received: ReceivedRequest[];
  /** Hands out a file at `v3/billdownload/file?token=…`. */
  serveFile(content: Uint8Array | string, options?: ServeFileOptions): Promise<ServedFile>;
  close(): Promise<void>;
}

/** A WeChat Pay APIv3 look-alike on 127.0.0.1: checks every signature, answers signed. */
export async function startServer(keys: SimulatorKeys, port = 0, v2?: SimulatorV2Options, options: ServerOptions = {}): Promise<RunningServer> {
  const seed = options.seed ?? '';
  const served = catalog();
  const secret = v2 && loadSymmetricKey(v2.secret, 'v2.secret');
  const files = new FileStore();
  const images = new ImageStore();
  const router = new Router()
    .add('POST', SMARTRETAIL_COMPLETE, smartretailOrdersComplete)
    .add('GET', CERTIFICATES, () => certificates(keys))
    .add('GET', TRADEBILL, billApply('trade', files, options.ledgerDay))
    .add('GET', FUNDFLOWBILL, billApply('fund', files, options.ledgerDay))
    .add('GET', BILL_DOWNLOAD, (input) => files.download(input))
    .add('GET', GLOBAL_STATEMENTS, globalStatements)
    .add('GET', COMPLAINT_IMAGE, (input) => images.image(input));
  for (const path of [MEDIA_UPLOAD, VIDEO_UPLOAD, FAVOR_IMAGE_UPLOAD, COMPLAINT_IMAGE_UPLOAD])
    router.add('POST', path, mediaUpload(`/${path}`, images));
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
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const url = new URL(target, 'http://simulator');
    const { pathname } = url;
    const multipart = /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''));
    const upload = method === 'POST' && (UPLOAD_PATHS.has(pathname) || multipart);
    const body = await readBody(req, upload ? MAX_UPLOAD : MAX_BODY);
    // An upload's signature covers its `meta` part, not the body: that text is what is checked, and recorded.
    const read = upload && body ? await readUpload(req.headers['content-type'], body) : undefined;
    const parts = read && 'form' in read ? read : undefined;
    const signedBody = parts ? parts.meta : (body ?? Buffer.alloc(0));
    received.push({ method, target, headers: flatHeaders(req), body: upload ? (parts?.meta.toString('utf8') ?? '') : signedBody.toString('utf8') });
    if (received.length > KEEP_RECEIVED) received.shift();
    if (pathname.startsWith(CONTROL_PREFIX) && options.control) {
      // Unsigned, as a test harness's back door: the simulator listens on 127.0.0.1 only.
      const answer = await options.control(method, pathname.slice(CONTROL_PREFIX.length), body ?? Buffer.alloc(0));
      const bytes = Buffer.from(JSON.stringify(answer.json));
      res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.length) });
      res.end(bytes);
      return;
    }
    const faults = parseFaults(req.headers[FAULT_HEADER] as string | undefined);
    if (faults.hang) return; // the socket stays open until the client gives up or the simulator closes
    if (faults.delay > 0) await new Promise((resolve) => setTimeout(resolve, faults.delay));
    const v3 = pathname.startsWith('/v3/');
    const operation = served.match(method, pathname)?.operation;
    const programmed = await options.fault?.(method, pathname, operation);
    if (programmed?.hang) return;
    if (programmed?.reset) {
      req.socket.destroy();
      return;
    }
    if (programmed?.tamper) faults.tamperBody = true;
    const now = Math.floor(Date.now() / 1000);
    if (programmed?.reply) {
      if (!v3 && operation?.protocol === 'v2') {
        const { code, message } = programmed.reply.json as { code: string; message: string };
        xmlAnswer(res, {
          status: programmed.reply.status,
          contentType: 'text/xml; charset=utf-8',
          body: `<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[${code}: ${message}]]></return_msg></xml>`,
        });
      } else send(res, programmed.reply, now, faults);
      return;
    }
    if (!v3 && body && (V2_PATHS.has(pathname) || operation?.protocol === 'v2')) {
      if (!secret) {
        xmlAnswer(res, {
          status: 200,
          contentType: 'text/xml; charset=utf-8',
          body: '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[APIv2 is not served: start the simulator with v2: { secret }]]></return_msg></xml>',
        });
        return;
      }
      // Both: a resumed TLS session without a client certificate can report `authorized` (no verify error).
      const socket = req.socket as Partial<TLSSocket>;
      const clientCertificate = socket.authorized === true && Object.keys(socket.getPeerCertificate?.() ?? {}).length > 0;
      const context = { mchid: keys.mchid, secret, clientCertificate, faults, operation, answer: v2Answer };
      xmlAnswer(res, v2Route(pathname, body, context, url, method === 'GET'));
      return;
    }
    const reply =
      (faults.unknown.length > 0 ? errorReply(400, 'SIMULATOR_FAULT', `unknown faults: ${faults.unknown.join(', ')}`) : undefined) ??
      (body ? undefined : errorReply(413, 'REQUEST_ENTITY_TOO_LARGE', `the body is over ${upload ? MAX_UPLOAD : MAX_BODY} bytes`)) ??
      (read && !parts ? (read as Reply) : undefined) ??
      checkAuthorization(method, target, req.headers.authorization, signedBody, {
        mchid: keys.mchid,
        serial: keys.merchant.serial,
        publicKey: keys.merchant.publicKey,
        nonces,
        now,
      }) ??
      checkPlatformSerial(
        req.headers['wechatpay-serial'] as string | undefined,
        keys.platforms.map((key) => key.serial),
      ) ??
      (faults.status ? errorReply(faults.status, 'SYSTEM_ERROR', '系统错误 (simulated)') : undefined) ??
      (await route(method, url, body ?? Buffer.alloc(0), parts?.form, faults, req.headers['wechatpay-serial'] as string | undefined));
    send(res, reply, now, faults);
  }

  function xmlAnswer(res: ServerResponse, reply: { status: number; contentType: string; body: string }): void {
    const bytes = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': String(bytes.length) });
    res.end(bytes);
  }

  function send(res: ServerResponse, reply: Reply, now: number, faults: Faults): void {
    if ('raw' in reply) {
      // Downloads are not signed: no Wechatpay-* headers, the bytes as they are (streamed).
      const { body, contentType, length } = reply.raw;
      const headers: Record<string, string> = { 'Content-Type': contentType, 'Request-ID': requestId() };
      if (length !== undefined) headers['Content-Length'] = String(length);
      res.writeHead(reply.status, headers);
      if (Buffer.isBuffer(body)) {
        res.end(body);
        return;
      }
      pipeline(body, res, (error) => {
        if (error) res.destroy(error);
      });
      return;
    }
    const signed =
      'signedOver' in reply
        ? signReply(reply.signedOver.body, keys.platform, now, faults, {
            signed: reply.signedOver.message,
            contentType: reply.signedOver.contentType,
            headers: reply.signedOver.headers,
          })
        : signReply(Buffer.from(reply.json === undefined ? '' : JSON.stringify(reply.json)), keys.platform, now, faults);
    res.writeHead(reply.status, { ...signed.headers, 'Content-Length': String(signed.body.length) });
    res.end(signed.body);
  }

  async function route(
    method: string,
    url: URL,
    body: Buffer,
    form: FormData | undefined,
    faults: Faults,
    serial: string | undefined,
  ): Promise<Reply> {
    const found = router.match(method, url.pathname);
    let json: unknown;
    if (!form) {
      try {
        json = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        return errorReply(400, 'PARAM_ERROR', '请求体不是合法的JSON');
      }
    }
    if (found) return found.handler({ params: found.params, query: url.searchParams, json, form, mchid: keys.mchid, faults });
    const matched = served.match(method, url.pathname);
    if (matched?.operation.protocol !== 'v3') {
      const other = served.has(url.pathname) ? 'that path is served with another method' : 'no such operation in the catalog';
      return errorReply(404, 'NOT_FOUND', `${method} ${url.pathname} is not served by the simulator (${other})`);
    }
    const { operation, params } = matched;
    let meta: unknown;
    if (form) {
      const part = form.get('meta');
      try {
        meta = JSON.parse(typeof part === 'string' ? part : ((await part?.text()) ?? ''));
      } catch {
        return refusalReply({ field: 'meta', location: 'body', issue: 'is not valid JSON' });
      }
    }
    const refusal = validateRequest(operation, { params, query: url.searchParams, json, xml: undefined, meta, serial }, platformKeys());
    if (refusal) return refusalReply(refusal);
    const input: CatalogInput = {
      operation,
      params,
      query: url.searchParams,
      json: (isObject(json) ? json : isObject(meta) ? meta : {}) as Record<string, unknown>,
      mchid: keys.mchid,
      seed: requestSeed(operation.key, params, url.searchParams, json),
    };
    const stateful = options.handlers?.get(operation.key)?.(input);
    if (stateful) return stateful;
    const answer = synthesize(operation.response, {
      echo: echoOf(params, url.searchParams, input.json),
      seed: input.seed,
      mchid: keys.mchid,
      text: false,
    });
    return operation.response.length === 0 ? { status: 204, json: undefined } : { status: 200, json: answer };
  }

  /**
   * The answer's fields to an APIv2 call (after its sign was checked): from the ledger, or from the catalog; for the
   * hand-written routes (`pay/micropay`…) only the ledger's (`undefined` leaves the call to them).
   */
  function v2Answer(request: V2Payload, operation: OperationSpec, query: URLSearchParams): V2Payload | undefined {
    const handler = options.v2Handlers?.get(operation.key);
    const handWritten = V2_PATHS.has(`/${wirePath(operation.path)}`);
    if (handWritten && !handler) return undefined;
    const refusal = validateRequest(
      operation,
      { params: {}, query, json: undefined, xml: request, meta: undefined, serial: undefined },
      platformKeys(),
    );
    if (refusal) return { result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: `参数错误: ${refusal.field} ${refusal.issue}` };
    const input: CatalogInput = {
      operation,
      params: {},
      query,
      json: request,
      mchid: keys.mchid,
      seed: requestSeed(operation.key, {}, query, request),
    };
    const stateful = handler?.(request, input);
    if (stateful || handWritten) return stateful;
    const answer = synthesize(operation.response, {
      echo: echoOf({}, query, undefined, request),
      seed: input.seed,
      mchid: keys.mchid,
      text: true,
    }) as V2Payload;
    return { result_code: 'SUCCESS', ...answer };
  }

  /** The seed of an answer: the simulator's, the operation, and the identifiers the request names (`out_trade_no`…). */
  function requestSeed(key: string, params: Record<string, string>, query: URLSearchParams, json: unknown): string {
    const ids: string[] = [...Object.values(params)];
    const pick = (name: string, value: unknown) => {
      if ((typeof value === 'string' || typeof value === 'number') && /^out_|_id$|_no$|^mchid$|^sub_mchid$/.test(name)) ids.push(`${name}=${value}`);
    };
    for (const [name, value] of query) pick(name, value);
    if (isObject(json)) for (const [name, value] of Object.entries(json)) pick(name, value);
    return `${seed}/${key}/${ids.join('&')}`;
  }

  let platformKeyMap: { serials: string; map: Map<string, KeyObject> } | undefined;
  /** The platform private keys in service, by serial (they change when the simulator rotates). */
  function platformKeys(): Map<string, KeyObject> {
    const serials = keys.platforms.map((key) => key.serial).join(',');
    if (platformKeyMap?.serials !== serials) platformKeyMap = { serials, map: new Map(keys.platforms.map((key) => [key.serial, key.privateKey])) };
    return platformKeyMap.map;
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
  files.baseURL = `http://127.0.0.1:${bound}/`;
  return {
    baseURL: `http://127.0.0.1:${bound}/`,
    secureBaseURL: secure ? `https://127.0.0.1:${(secure.address() as AddressInfo).port}/` : undefined,
    received,
    serveFile: (content, options) => files.serve(content, options),
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
