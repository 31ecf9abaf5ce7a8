import type { KeyObject } from 'node:crypto';
import type { Readable } from 'node:stream';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import type { V2Payload } from '../utils/v2-xml.js';
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
import { BILL_DOWNLOAD, COMPLAINT_IMAGE, FileStore, ImageStore } from './served-files.js';
import { requestId, signReply } from './sign-reply.js';
import type { SimulatorKeys } from './simulator-keys.js';
import type { ReceivedRequest, SimulatorV2Options } from './simulator-options.js';
import { echoOf, synthesize } from './synthesize-answer.js';
import { V2_PATHS, v2Route } from './v2-routes.js';
import { isObject, validateRequest } from './validate-request.js';

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

/** What the engine needs beyond its keys: the ledger's handlers and the programmed faults (see `Simulation`). */
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

/** A request as it arrived, whatever carried it (a socket, or an intercepted `fetch`). */
export interface EngineRequest {
  method: string;
  /** The path and query, exactly as sent (the signature covers them). */
  target: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body, or `undefined` when it was over `bodyLimit()` bytes (and dropped). */
  body: Buffer | undefined;
  /** Whether the connection showed a client certificate the APIv2 CA signed (`secapi/…` needs one). */
  clientCertificate: boolean;
}

/**
 * The answer: a status, headers (signed ones included) and the body bytes, or a stream for a download. `drop` is a
 * programmed misbehaviour of the connection itself: `hang` never answers, `reset` breaks the connection.
 */
export type EngineAnswer = { status: number; headers: Record<string, string>; body: Buffer | Readable } | { drop: 'hang' | 'reset' };

/**
 * One simulated WeChat Pay, without any listener: every request goes through `handle()`, which checks it, routes it
 * (catalog, ledger, files, faults) and answers it signed. The HTTP server of `startSimulator()` and the msw handlers
 * of `wechatpay-ts/testing` both carry requests to it. Its state (requests received, nonces seen, files handed out)
 * lives here; the ledger and programmed faults come in through `options` (a `Simulation`).
 */
export interface Engine {
  /** The largest body this request may have: uploads take more than JSON calls. */
  bodyLimit(method: string, target: string, contentType: string | undefined): number;
  handle(request: EngineRequest): Promise<EngineAnswer>;
  /** The most recent requests, oldest first. */
  readonly received: ReceivedRequest[];
  /** The files handed out for download (its `baseURL` is where `download_url` points). */
  readonly files: FileStore;
}

export function createEngine(keys: SimulatorKeys, v2: SimulatorV2Options | undefined, options: ServerOptions = {}): Engine {
  const seed = options.seed ?? '';
  const served = catalog();
  const secret = v2 && loadSymmetricKey(v2.secret, 'v2.secret');
  const files = new FileStore();
  const images = new ImageStore();
  const router = new Router()
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

  function isUpload(method: string, pathname: string, contentType: string | undefined): boolean {
    return method === 'POST' && (UPLOAD_PATHS.has(pathname) || /^multipart\/form-data/i.test(contentType ?? ''));
  }

  function bodyLimit(method: string, target: string, contentType: string | undefined): number {
    return isUpload(method, new URL(target, 'http://simulator').pathname, contentType) ? MAX_UPLOAD : MAX_BODY;
  }

  async function handle(request: EngineRequest): Promise<EngineAnswer> {
    const { method, target, headers } = request;
    const url = new URL(target, 'http://simulator');
    const { pathname } = url;
    const upload = isUpload(method, pathname, headers['content-type']);
    const body = request.body && request.body.length > (upload ? MAX_UPLOAD : MAX_BODY) ? undefined : request.body;
    // An upload's signature covers its `meta` part, not the body: that text is what is checked, and recorded.
    const read = upload && body ? await readUpload(headers['content-type'], body) : undefined;
    const parts = read && 'form' in read ? read : undefined;
    const signedBody = parts ? parts.meta : (body ?? Buffer.alloc(0));
    received.push({ method, target, headers: { ...headers }, body: upload ? (parts?.meta.toString('utf8') ?? '') : signedBody.toString('utf8') });
    if (received.length > KEEP_RECEIVED) received.shift();
    if (pathname.startsWith(CONTROL_PREFIX) && options.control) {
      // Unsigned, as a test harness's back door: the simulator listens on 127.0.0.1 only.
      const answer = await options.control(method, pathname.slice(CONTROL_PREFIX.length), body ?? Buffer.alloc(0));
      return {
        status: answer.status,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: Buffer.from(JSON.stringify(answer.json)),
      };
    }
    const faults = parseFaults(headers[FAULT_HEADER]);
    if (faults.hang) return { drop: 'hang' }; // the connection stays open until the client gives up or the simulator closes
    if (faults.delay > 0) await new Promise((resolve) => setTimeout(resolve, faults.delay));
    const v3 = pathname.startsWith('/v3/');
    const operation = served.match(method, pathname)?.operation;
    const programmed = await options.fault?.(method, pathname, operation);
    if (programmed?.hang) return { drop: 'hang' };
    if (programmed?.reset) return { drop: 'reset' };
    if (programmed?.tamper) faults.tamperBody = true;
    const now = Math.floor(Date.now() / 1000);
    if (programmed?.reply) {
      if (!v3 && operation?.protocol === 'v2') {
        const { code, message } = programmed.reply.json as { code: string; message: string };
        return xml(
          programmed.reply.status,
          `<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[${code}: ${message}]]></return_msg></xml>`,
        );
      }
      return signed(programmed.reply, now, faults);
    }
    if (!v3 && body && (V2_PATHS.has(pathname) || operation?.protocol === 'v2')) {
      if (!secret) {
        return xml(
          200,
          '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[APIv2 is not served: start the simulator with v2: { secret }]]></return_msg></xml>',
        );
      }
      const context = { mchid: keys.mchid, secret, clientCertificate: request.clientCertificate, faults, operation, answer: v2Answer };
      const reply = v2Route(pathname, body, context, url, method === 'GET');
      return {
        status: reply.status,
        headers: { 'Content-Type': reply.contentType },
        body: typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : Buffer.from(reply.body),
      };
    }
    const reply =
      (faults.unknown.length > 0 ? errorReply(400, 'SIMULATOR_FAULT', `unknown faults: ${faults.unknown.join(', ')}`) : undefined) ??
      (body ? undefined : errorReply(413, 'REQUEST_ENTITY_TOO_LARGE', `the body is over ${upload ? MAX_UPLOAD : MAX_BODY} bytes`)) ??
      (read && !parts ? (read as Reply) : undefined) ??
      checkAuthorization(method, target, headers.authorization, signedBody, {
        mchid: keys.mchid,
        serial: keys.merchant.serial,
        publicKey: keys.merchant.publicKey,
        nonces,
        now,
      }) ??
      checkPlatformSerial(
        headers['wechatpay-serial'],
        keys.platforms.map((key) => key.serial),
      ) ??
      (faults.status ? errorReply(faults.status, 'SYSTEM_ERROR', '系统错误 (simulated)') : undefined) ??
      (await route(method, url, body ?? Buffer.alloc(0), parts?.form, faults, headers['wechatpay-serial']));
    return signed(reply, now, faults);
  }

  function xml(status: number, text: string): EngineAnswer {
    return { status, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: Buffer.from(text, 'utf8') };
  }

  function signed(reply: Reply, now: number, faults: Faults): EngineAnswer {
    if ('raw' in reply) {
      // Downloads are not signed: no Wechatpay-* headers, the bytes as they are (streamed).
      const { body, contentType, length } = reply.raw;
      const headers: Record<string, string> = { 'Content-Type': contentType, 'Request-ID': requestId() };
      if (length !== undefined) headers['Content-Length'] = String(length);
      return { status: reply.status, headers, body };
    }
    const answer =
      'signedOver' in reply
        ? signReply(reply.signedOver.body, keys.platform, now, faults, {
            signed: reply.signedOver.message,
            contentType: reply.signedOver.contentType,
            headers: reply.signedOver.headers,
          })
        : signReply(Buffer.from(reply.json === undefined ? '' : JSON.stringify(reply.json)), keys.platform, now, faults);
    return { status: reply.status, headers: answer.headers, body: answer.body };
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

  return { bodyLimit, handle, received, files };
}

/** A `Wechatpay-Serial` request header must name a key WeChat Pay has (here: the simulator's). */
function checkPlatformSerial(serial: string | undefined, known: readonly string[]): Reply | undefined {
  if (serial === undefined || known.includes(serial)) return undefined;
  return errorReply(400, 'PARAM_ERROR', `Wechatpay-Serial ${serial} is not a platform key of this merchant`);
}
