import { channel } from 'node:diagnostics_channel';
import { type CallTraceError, traceError } from '../errors/trace-error.js';
import type { HttpMethod } from '../types/http-method.js';

/** The `diagnostics_channel` name on which the built-in retry publishes each retry it is about to make. */
export const RETRY_CHANNEL = 'wechatpay-ts:retry';

/** What the retry channel receives, once per retry: never a header, key, signature, body or query value. */
export interface RetryMessage {
  readonly method: HttpMethod;
  /** The chain's path template. */
  readonly template: string;
  /** The path sent, without query. */
  readonly path: string;
  readonly sync: boolean;
  /** The attempt that failed, 1 for the first. */
  readonly attempt: number;
  /** The host of the attempt that failed, with its port when not the default. */
  readonly host: string;
  /** The host the next attempt goes to (the backup after a connection failure, when there is one). */
  readonly nextHost: string;
  /** Milliseconds waited before the next attempt. */
  readonly delayMs: number;
  /** The failed attempt's HTTP status, when it got an answer. */
  readonly status?: number;
  /** The failed attempt's `Request-ID`, when it got an answer carrying one. */
  readonly requestId?: string;
  readonly error: CallTraceError;
}

const retries = channel(RETRY_CHANNEL);

/** Whether anyone listens: the message is only built then. */
export function retryListened(): boolean {
  return retries.hasSubscribers;
}

/** Publishes one retry, from the caller's thread. */
export function publishRetry(fields: Omit<RetryMessage, 'error' | 'status' | 'requestId'>, error: unknown): void {
  const own = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; requestId?: unknown };
  const message: RetryMessage = {
    ...fields,
    ...(typeof own.status === 'number' && { status: own.status }),
    ...(typeof own.requestId === 'string' && { requestId: own.requestId }),
    error: traceError(error),
  };
  retries.publish(message);
}
