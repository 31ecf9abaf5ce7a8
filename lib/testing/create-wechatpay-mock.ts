import { http, type HttpHandler } from 'msw';
import { DEFAULT_BASE_URL } from '../client/load-config.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { unknownKey } from '../utils/known-keys.js';
import { buildNotification, checkNotifyOptions } from '../simulator/build-notification.js';
import type { DeliverCallback } from '../simulator/callback-queue.js';
import { checkSimulatorOptions } from '../simulator/check-simulator-options.js';
import type { NotificationDelivery, SentNotification } from '../simulator/notify-types.js';
import { Simulation, type ControlCall, controlError, ledgerControls, runControl } from '../simulator/simulation.js';
import { simulatorKeys } from '../simulator/simulator-keys.js';
import { answerFetch } from './fetch-bridge.js';
import type { CallbackHandler, WechatpayMock, WechatpayMockOptions } from './mock-types.js';
import { signWith } from './signed-response.js';

const MOCK_KEYS = Object.keys({
  mchid: true,
  merchant: true,
  platform: true,
  apiV3Key: true,
  v2: true,
  seed: true,
  timeScale: true,
  baseURL: true,
  onCallback: true,
} satisfies Record<keyof WechatpayMockOptions, true>);

/** Where `notify()` addresses a callback that `onCallback` receives, when no `to` is given (`.invalid` never resolves). */
const DEFAULT_NOTIFY_URL = 'https://merchant.invalid/notify';
/** How long one callback may take to be answered (as the simulator's `notify()`). */
const NOTIFY_TIMEOUT = 10_000;

/**
 * A simulated WeChat Pay for msw: the same engine as `startSimulator()` (every catalog operation validated, the
 * ledger, bills, faults, signed answers), in this thread and without a port. Give `handlers` to msw's `setupServer`
 * and build the client with `{ ...wechatpay.config, transport: fetchTransport() }`: msw sees only `fetch`, so
 * synchronous calls and the default transport never reach it.
 */
export function createWechatpayMock(options: WechatpayMockOptions = {}): WechatpayMock {
  if (!isPlainObject(options as unknown)) throw new ConfigError('options', 'must be an object such as { onCallback }');
  const unknown = unknownKey(options, MOCK_KEYS, 'createWechatpayMock');
  if (unknown) throw new ConfigError(unknown[0], unknown[1]);
  const { baseURL: givenBase, onCallback, ...rest } = options;
  checkSimulatorOptions(rest);
  if ((rest.v2 as { tls?: unknown } | undefined)?.tls !== undefined)
    throw new ConfigError('v2.tls', 'is not served by the msw mock (it has no TLS listener): use startSimulator for secapi/…');
  if (rest.seed !== undefined && typeof rest.seed !== 'string') throw new ParameterError('seed', 'must be a string');
  if (onCallback !== undefined && typeof onCallback !== 'function')
    throw new ConfigError('onCallback', 'must be a function (request: Request) => Response');
  const baseURL = mockBase(givenBase);
  const keys = simulatorKeys(rest);
  const deliver = callbackDelivery(onCallback);
  // The one object the handlers, fetch and the ledger methods below share.
  const simulation = new Simulation(keys, { seed: rest.seed, timeScale: rest.timeScale ?? 0, v2: rest.v2, deliver });
  const { engine, signer } = simulation;
  engine.files.baseURL = baseURL;
  const answer = (request: Request) => answerFetch(engine, request);
  const handlers: HttpHandler[] = [http.all(`${baseURL}*`, ({ request }) => answer(request))];
  const control = async <T>(call: ControlCall): Promise<T> => {
    const got = await runControl(simulation, call);
    if ('error' in got) throw controlError(got.error);
    return got.value as T;
  };
  const merchantKey = keys.merchant.privateKeyPem;
  return {
    handlers,
    get config() {
      if (!merchantKey)
        throw new ConfigError(
          'merchant',
          'was given to the mock as a public key only, so it has no config to hand out: build the client config with your own private key',
        );
      const certs = Object.fromEntries(keys.platforms.map((key) => [key.serial, key.certificate ?? key.publicKeyPem]));
      return { mchid: keys.mchid, serial: keys.merchant.serial, privateKey: merchantKey, certs, baseURL };
    },
    mchid: keys.mchid,
    get platform() {
      return { serial: keys.platform.serial, publicKey: keys.platform.publicKeyPem };
    },
    apiV3Key: keys.apiV3Key,
    fetch: async (input, init) => {
      const response = await answer(new Request(input, init));
      // What a real fetch does with a broken connection.
      if (response.type === 'error') throw new TypeError('fetch failed');
      return response;
    },
    signedResponse: (body, signOptions) => signWith(keys.platform, body, signOptions),
    ...ledgerControls(control),
    async notify(eventType, notifyOptions = {}) {
      const to = notifyOptions.to ?? (onCallback ? DEFAULT_NOTIFY_URL : undefined);
      if (to === undefined) throw new ParameterError('to', 'is required without onCallback: the URL to send the callback to');
      checkNotifyOptions(eventType, { ...notifyOptions, to });
      const { to: _to, timeout, ...build } = notifyOptions;
      return deliver(String(to), buildNotification(eventType, signer, build), timeout ?? NOTIFY_TIMEOUT);
    },
    rotate: async (platform) => simulation.rotate(platform),
    retire: async (serial) => simulation.retire(serial),
    received: async () => engine.received.slice(),
    async serveFile(content, serveOptions) {
      if (!(content instanceof Uint8Array) && (typeof content !== 'string' || content === '')) {
        throw new ParameterError('content', 'expected the file content as bytes (a Uint8Array) or a file path');
      }
      return engine.files.serve(content, serveOptions && { gzip: serveOptions.gzip === true });
    },
    async close() {
      simulation.close();
    },
  };
}

/** The mock's base URL: an http(s) origin, with `/` as its path (the signature covers the path, so no prefix is stripped). */
function mockBase(given: string | undefined): string {
  if (given === undefined) return DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ConfigError('baseURL', 'must be an absolute http(s) URL such as https://api.mch.weixin.qq.com/');
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash)
    throw new ConfigError('baseURL', 'must be an http(s) origin with the path / (e.g. https://api.mch.weixin.qq.com/)');
  return url.href;
}

/**
 * How the ledger's callbacks reach the app: a WHATWG request to `notify_url`, handed to `onCallback` when given
 * (no network, no port: the app's own fetch handler answers), else sent with `globalThis.fetch` as it is at the
 * time, so that msw, or a server the test started, takes it. Every attempt is built anew (fresh timestamp).
 */
function callbackDelivery(onCallback: CallbackHandler | undefined): DeliverCallback {
  return async (to: string, sent: SentNotification, timeout: number): Promise<NotificationDelivery> => {
    const request = new Request(to, { method: 'POST', headers: sent.headers, body: sent.body, signal: AbortSignal.timeout(timeout) });
    const response = onCallback ? await onCallback(request) : await globalThis.fetch(request);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: await response.text(), sent };
  };
}
