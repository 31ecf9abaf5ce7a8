import { tracingChannel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { type CallTraceError, traceError } from '../errors/trace-error.js';
import type { HttpMethod } from '../types/http-method.js';
import type { WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';

/** The name given to `diagnostics_channel.tracingChannel()` to follow every call a client makes. */
export const CALL_CHANNEL = 'wechatpay-ts:call';

/** The full names of its five channels, for `diagnostics_channel.subscribe(name, …)`. */
export const CALL_CHANNELS = {
  start: `tracing:${CALL_CHANNEL}:start`,
  end: `tracing:${CALL_CHANNEL}:end`,
  asyncStart: `tracing:${CALL_CHANNEL}:asyncStart`,
  asyncEnd: `tracing:${CALL_CHANNEL}:asyncEnd`,
  error: `tracing:${CALL_CHANNEL}:error`,
} as const;

export type { CallTraceError };

/**
 * The one object every channel of a call receives, filled in as the call goes (the `TracingChannel` way): `start`
 * sees the method, template, host and mode; `path` once the request is built; `status`, `requestId`, `error` and
 * `durationMs` once it ended (at `end` for a synchronous call, at `asyncStart`/`asyncEnd` and `error` for an
 * asynchronous one). It never holds a header, key, signature, body or query value.
 */
export interface CallTrace {
  readonly method: HttpMethod;
  /** The chain's path template: `v3/pay/transactions/id/{transaction_id}`. */
  readonly template: string;
  /** `true` in `get/post/…`, `false` in `getAsync/postAsync/…`. */
  readonly sync: boolean;
  /** The host called, with its port when not the default: the last attempt's (the backup host, when the call moved there). */
  host: string;
  /** The path sent, without query (`/v3/pay/transactions/id/42…`); unset when the call was refused before its URL was made. */
  path?: string;
  /** The answer's HTTP status, when there was one (an `ApiError`'s included). */
  status?: number;
  /** WeChat Pay's `Request-ID` of the answer, when there was one. */
  requestId?: string;
  /** Set when the call failed. */
  error?: CallTraceError;
  /** Milliseconds from the call's start to its end. */
  durationMs?: number;
  /** How many times the request was sent (the built-in retry may send it more than once); 0 when refused before. */
  attempts?: number;
}

const channel = tracingChannel<object, CallTrace>(CALL_CHANNEL);

/** What a traced call reports back to its trace: the request once built, and how many times it was sent once over. */
export type SeenRequest = (request: WechatpayRequest | undefined, attempts?: number) => void;

/** What a call's trace starts with; `start` is only called when someone listens, so a call nobody traces builds nothing. */
export type CallStart = Pick<CallTrace, 'method' | 'template' | 'sync' | 'host'>;

/** Runs a synchronous call under the trace channels; without subscribers, just runs it. */
export function traceCall(start: () => CallStart, call: (seen: SeenRequest) => WechatpayResponse): WechatpayResponse {
  if (!channel.hasSubscribers) return call(ignore);
  const trace: CallTrace = start();
  const began = performance.now();
  return channel.start.runStores(trace, () => {
    try {
      const response = call((request, attempts) => see(trace, request, attempts));
      finish(trace, began, response);
      return response;
    } catch (error) {
      fail(trace, began, error);
      throw error;
    } finally {
      channel.end.publish(trace);
    }
  });
}

/** Runs an asynchronous call under the trace channels; without subscribers, just runs it. */
export function traceCallAsync(start: () => CallStart, call: (seen: SeenRequest) => Promise<WechatpayResponse>): Promise<WechatpayResponse> {
  if (!channel.hasSubscribers) return call(ignore);
  const trace: CallTrace = start();
  const began = performance.now();
  return channel.start.runStores(trace, () => {
    try {
      return call((request, attempts) => see(trace, request, attempts)).then(
        (response) => {
          finish(trace, began, response);
          channel.asyncStart.publish(trace);
          channel.asyncEnd.publish(trace);
          return response;
        },
        (error: unknown) => {
          fail(trace, began, error);
          channel.asyncStart.publish(trace);
          channel.asyncEnd.publish(trace);
          throw error;
        },
      );
    } finally {
      channel.end.publish(trace);
    }
  });
}

function ignore(): void {}

function see(trace: CallTrace, request: WechatpayRequest | undefined, attempts?: number): void {
  if (request) {
    trace.host = request.url.host;
    trace.path = request.url.pathname;
  }
  if (attempts !== undefined) trace.attempts = attempts;
}

function finish(trace: CallTrace, began: number, response: WechatpayResponse): void {
  trace.status = response.status;
  trace.attempts ??= 1;
  const requestId = response.headers.get('Request-ID');
  if (requestId) trace.requestId = requestId;
  trace.durationMs = performance.now() - began;
}

function fail(trace: CallTrace, began: number, error: unknown): void {
  const own = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    requestId?: unknown;
  };
  if (typeof own.status === 'number') trace.status = own.status;
  if (typeof own.requestId === 'string') trace.requestId = own.requestId;
  trace.attempts ??= 0;
  trace.error = traceError(error);
  trace.durationMs = performance.now() - began;
  channel.error.publish(trace);
}
