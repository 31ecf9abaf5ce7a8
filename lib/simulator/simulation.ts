import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { loadSymmetricKey } from '../crypto/symmetric-key.js';
import { AesEcb } from '../crypto/aes-ecb.js';
import { Hash } from '../crypto/hash.js';
import { ParameterError } from '../errors/parameter-error.js';
import { buildXml, type V2Payload } from '../utils/v2-xml.js';
import { buildNotification, type NotificationKeys } from './build-notification.js';
import { CallbackQueue, type DeliverCallback } from './callback-queue.js';
import { checkFaultRule, FaultRules, type FaultRule } from './fault-rules.js';
import { Ledger } from './ledger.js';
import { profitSharingHandlers } from './ledger-profitsharing.js';
import { v2LedgerHandlers, v2Time, v2Transaction } from './ledger-v2.js';
import type { CallbackOutcome, LedgerOrder, LedgerRefund, PayOptions, PayResult, SettleRefundOptions, SettleRefundResult } from './ledger-types.js';
import { createEngine, type Engine, type EngineAnswer, type EngineRequest, type ServerOptions } from './engine.js';
import type { PlatformOptions, Simulator, SimulatorV2Options } from './simulator-options.js';
import { retirePlatform, rotatePlatform, type SimulatorKeys } from './simulator-keys.js';

/** The simulator's default `timeScale`: WeChat Pay's retry schedule a thousand times faster (15 s → 15 ms). */
export const DEFAULT_TIME_SCALE = 0.001;

/** What a `Simulation` takes beyond its keys. */
export interface SimulationOptions {
  seed?: string | undefined;
  timeScale?: number | undefined;
  /** The APIv2 side: its key signs APIv2 answers and callbacks (and encrypts a refund's `req_info`). */
  v2?: SimulatorV2Options | undefined;
  /** How callbacks reach the merchant; by default POSTed to their `notify_url`. */
  deliver?: DeliverCallback | undefined;
}

/**
 * One simulated WeChat Pay, whatever carries requests to it (the simulator's HTTP server, in this thread or its
 * worker, or the msw handlers of `wechatpay-ts/testing`): its keys, the engine that answers every request
 * (`handle()`), the ledger, the callbacks it sends, and the programmed faults. The control methods are what the
 * `Simulator` exposes, in the same words.
 */
export class Simulation {
  readonly ledger: Ledger;
  readonly faults = new FaultRules();
  /** Answers requests: checks, routes and signs them (see `createEngine`). */
  readonly engine: Engine;
  /** Signs and encrypts callbacks: the APIv3 key, and the platform key in service (it follows `rotate()`). */
  readonly signer: NotificationKeys;
  readonly #callbacks: CallbackQueue;
  private readonly mchid: string;
  /** The APIv2 key, which signs APIv2 callbacks (and encrypts a refund's `req_info`). */
  private readonly v2Secret: KeyObject | undefined;

  constructor(
    readonly keys: SimulatorKeys,
    options: SimulationOptions = {},
  ) {
    const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
    if (!(typeof timeScale === 'number' && timeScale >= 0 && Number.isFinite(timeScale)))
      throw new ParameterError('timeScale', 'must be a number, 0 or more (1 is real time)');
    this.mchid = keys.mchid;
    this.signer = { apiV3Key: loadSymmetricKey(keys.apiV3Key, 'apiV3Key'), platform: keys.platform };
    this.v2Secret = options.v2 && loadSymmetricKey(options.v2.secret, 'v2.secret');
    this.ledger = new Ledger(keys.mchid, options.seed ?? '');
    this.#callbacks = new CallbackQueue(timeScale, options.deliver);
    this.engine = createEngine(keys, options.v2, this.#engineOptions(options.seed));
  }

  /** Answers one request, signed (the one function both the HTTP server and the msw handlers call). */
  handle(request: EngineRequest): Promise<EngineAnswer> {
    return this.engine.handle(request);
  }

  /** Puts a new platform key in service: answers and callbacks are signed with it from now on. */
  rotate(platform: PlatformOptions): void {
    rotatePlatform(this.keys, platform);
    this.signer.platform = this.keys.platform;
  }

  /** Stops listing an older platform key (the one signing now cannot be retired). */
  retire(serial: string): void {
    retirePlatform(this.keys, serial);
  }

  /** What the engine needs to serve the ledger and the faults. */
  #engineOptions(seed: string | undefined): ServerOptions {
    return {
      seed,
      handlers: new Map([...this.ledger.handlers(), ...profitSharingHandlers(this.ledger, this.mchid)]),
      v2Handlers: v2LedgerHandlers(this.ledger, this.mchid),
      ledgerDay: (date) => this.ledger.day(date),
      fault: (method, pathname, operation) => this.faults.apply(method, pathname, operation),
      control: (method, path, body) => this.control(method, path, body),
    };
  }

  async pay(outTradeNo: string, options: PayOptions = {}): Promise<PayResult> {
    if (typeof outTradeNo !== 'string' || outTradeNo === '')
      throw new ParameterError('outTradeNo', 'must be the out_trade_no of an order (or the combine_out_trade_no of a combined order)');
    const paid = this.ledger.pay(outTradeNo, options);
    if (options.silent) return { orders: paid.orders, callback: undefined };
    const [order] = paid.orders;
    const callback =
      paid.v2 && order
        ? await this.#sendV2(paid.event, paid.to, {
            result_code: 'SUCCESS',
            appid: order.appid,
            mch_id: order.spMchid ?? order.mchid,
            ...(order.spMchid && { sub_mch_id: order.mchid }),
            ...v2Transaction(order),
          })
        : await this.#send(paid.event, paid.to, paid.resource);
    return { orders: paid.orders, callback };
  }

  async settleRefund(outRefundNo: string, options: SettleRefundOptions = {}): Promise<SettleRefundResult> {
    const status = options.status ?? 'SUCCESS';
    if (!['SUCCESS', 'ABNORMAL', 'CLOSED'].includes(status)) throw new ParameterError('options.status', 'must be SUCCESS, ABNORMAL or CLOSED');
    const settled = this.ledger.settleRefund(outRefundNo, status, options.mchid);
    const { refund } = settled;
    const callback =
      options.silent || settled.to === undefined
        ? undefined
        : settled.v2
          ? await this.#sendV2(
              settled.event,
              settled.to,
              { appid: '', mch_id: refund.mchid },
              {
                transaction_id: refund.transactionId,
                out_trade_no: refund.outTradeNo,
                refund_id: refund.refundId,
                out_refund_no: refund.outRefundNo,
                total_fee: String(refund.total),
                refund_fee: String(refund.refund),
                settlement_refund_fee: String(refund.refund),
                refund_status: status === 'ABNORMAL' ? 'CHANGE' : status === 'CLOSED' ? 'REFUNDCLOSE' : 'SUCCESS',
                ...(refund.successTime && {
                  success_time: v2Time(refund.successTime).replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3 $4:$5:$6'),
                }),
                refund_recv_accout: '支付用户零钱',
                refund_account: 'REFUND_SOURCE_RECHARGE_FUNDS',
                refund_request_source: 'API',
              },
            )
          : await this.#send(settled.event, settled.to, settled.resource);
    return { refund: settled.refund, callback };
  }

  orders(): LedgerOrder[] {
    return this.ledger.orders();
  }

  refunds(): LedgerRefund[] {
    return this.ledger.refunds();
  }

  reset(): void {
    this.ledger.reset();
    this.faults.clear();
  }

  addFault(rule: FaultRule): void {
    this.faults.add(checkFaultRule(rule));
  }

  clearFaults(): void {
    this.faults.clear();
  }

  close(): void {
    this.#callbacks.close();
  }

  /**
   * The control routes, for a process that cannot call the `Simulator` (another test runner, a browser test, the
   * CLI): `POST pay` `{ outTradeNo, …options }`, `POST settle-refund` `{ outRefundNo, …options }`, `GET orders`,
   * `GET refunds`, `POST reset`, `POST faults` (a rule), `DELETE faults`. Answers JSON; a mistake is a `400` with
   * `{ code: 'PARAM_ERROR', message, parameter }`.
   */
  async control(method: string, path: string, body: Buffer): Promise<{ status: number; json: unknown }> {
    let args: Record<string, unknown> = {};
    if (body.length > 0) {
      try {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
        args = parsed as Record<string, unknown>;
      } catch {
        return { status: 400, json: { code: 'PARAM_ERROR', message: 'the body must be a JSON object' } };
      }
    }
    const { outTradeNo, outRefundNo, ...options } = args;
    const calls: Record<string, ControlCall | undefined> = {
      'POST pay': { type: 'pay', args: [outTradeNo as string, options as PayOptions] },
      'POST settle-refund': { type: 'settleRefund', args: [outRefundNo as string, options as SettleRefundOptions] },
      'GET orders': { type: 'orders', args: [] },
      'GET refunds': { type: 'refunds', args: [] },
      'POST reset': { type: 'reset', args: [] },
      'POST faults': { type: 'addFault', args: [args as unknown as FaultRule] },
      'DELETE faults': { type: 'clearFaults', args: [] },
    };
    const call = calls[`${method} ${path}`];
    if (!call)
      return {
        status: 404,
        json: {
          code: 'NOT_FOUND',
          message: `${method} /__simulator/${path} is not a control route (pay, settle-refund, orders, refunds, reset, faults)`,
        },
      };
    const got = await runControl(this, call);
    if ('error' in got)
      return {
        status: 400,
        json: { code: 'PARAM_ERROR', message: got.error.message, ...(got.error.parameter && { parameter: got.error.parameter }) },
      };
    return { status: 200, json: got.value ?? {} };
  }

  #send(event: string, to: string, resource: Record<string, unknown>): Promise<CallbackOutcome> {
    const id = randomUUID();
    return this.#callbacks.deliver(event, to, () => buildNotification(event, this.signer, { resource, exact: true, id }));
  }

  /**
   * An APIv2 callback: signed XML (MD5) for a payment; for a refund, `req_info` holds the refund's fields encrypted
   * with AES-256-ECB under the APIv2 key's MD5. The merchant acknowledges with `<return_code>SUCCESS</return_code>`.
   */
  #sendV2(event: string, to: string, fields: V2Payload, refund?: V2Payload): Promise<CallbackOutcome> {
    const secret = this.v2Secret;
    if (!secret) throw new ParameterError('v2', 'APIv2 callbacks need the simulator started with v2: { secret }');
    const build = () => {
      const payload: V2Payload = { return_code: 'SUCCESS', ...fields, nonce_str: randomBytes(16).toString('hex') };
      if (refund)
        payload.req_info = AesEcb.encrypt(
          buildXml(refund)
            .replace(/^<xml>/, '<root>')
            .replace(/<\/xml>$/, '</root>'),
          secret.export().toString('utf8'),
        );
      else payload.sign = Hash.sign('MD5', payload, secret);
      return { headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: buildXml(payload), resource: refund ?? payload };
    };
    return this.#callbacks.deliver(
      event,
      to,
      build,
      (status, body) => status >= 200 && status < 300 && /<return_code>(<!\[CDATA\[)?SUCCESS/.test(body),
    );
  }
}

/** A control call, as it crosses to the worker: its name and arguments. */
export type ControlCall =
  | { type: 'pay'; args: [string, PayOptions?] }
  | { type: 'settleRefund'; args: [string, SettleRefundOptions?] }
  | { type: 'orders'; args: [] }
  | { type: 'refunds'; args: [] }
  | { type: 'reset'; args: [] }
  | { type: 'addFault'; args: [FaultRule] }
  | { type: 'clearFaults'; args: [] };

/** The ledger's members of a simulator or a mock (`pay`, `orders`, `faults`…), each one control call. */
export function ledgerControls(
  control: <T>(call: ControlCall) => Promise<T>,
): Pick<Simulator, 'pay' | 'settleRefund' | 'orders' | 'refunds' | 'reset' | 'faults'> {
  return {
    pay: (outTradeNo, options) => control({ type: 'pay', args: [outTradeNo, options] }),
    settleRefund: (outRefundNo, options) => control({ type: 'settleRefund', args: [outRefundNo, options] }),
    orders: () => control({ type: 'orders', args: [] }),
    refunds: () => control({ type: 'refunds', args: [] }),
    reset: () => control({ type: 'reset', args: [] }),
    faults: {
      add: (rule) => control({ type: 'addFault', args: [rule] }),
      clear: () => control({ type: 'clearFaults', args: [] }),
    },
  };
}

export const CONTROL_CALLS: ReadonlySet<string> = new Set(['pay', 'settleRefund', 'orders', 'refunds', 'reset', 'addFault', 'clearFaults']);

/** Runs a control call; an error comes back as data (errors do not cross threads whole). */
export async function runControl(
  simulation: Simulation,
  call: ControlCall,
): Promise<{ value: unknown } | { error: { name: string; message: string; parameter?: string } }> {
  try {
    const method = simulation[call.type] as (...args: unknown[]) => unknown;
    return { value: await method.apply(simulation, call.args) };
  } catch (error) {
    const { name, message } = error as Error;
    return { error: { name, message, ...(error instanceof ParameterError && { parameter: error.parameter }) } };
  }
}

/** The error a control call met, rebuilt on this side. */
export function controlError(error: { name: string; message: string; parameter?: string }): Error {
  if (error.parameter !== undefined) return new ParameterError(error.parameter, error.message.replace(`${error.parameter}: `, ''));
  return Object.assign(new Error(error.message), { name: error.name });
}
