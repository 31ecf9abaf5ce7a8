import { TransportError, type TransportFailure } from '../errors/transport-error.js';

/** A request reduced to what can cross a thread boundary. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: Uint8Array | undefined;
  timeout: number;
}

/** An answer reduced to what can cross a thread boundary. */
export interface WireResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

/** A transport failure reduced to what can cross a thread boundary. */
export interface WireFailure {
  reason: TransportFailure;
  message: string;
  code: string | undefined;
}

export function failureOf(error: unknown): WireFailure {
  if (error instanceof TransportError) {
    const cause = error.cause as { code?: unknown } | undefined;
    return { reason: error.reason, message: error.message, code: typeof cause?.code === 'string' ? cause.code : undefined };
  }
  return { reason: 'network', message: error instanceof Error ? error.message : String(error), code: undefined };
}

export function errorOf(failure: WireFailure): TransportError {
  const cause = Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
  return new TransportError(failure.reason, failure.message, { cause });
}

/**
 * Maps a thrown fetch/undici error to a `TransportError`, telling a caller's abort from our timeout.
 * `what` is `METHOD URL` for the message.
 */
export function transportError(error: unknown, what: string, timeout: number, timer: AbortSignal, signal?: AbortSignal): TransportError {
  if (signal?.aborted) return new TransportError('aborted', `${what} was aborted`, { cause: signal.reason ?? error });
  if (timer.aborted) return new TransportError('timeout', `${what} timed out after ${timeout} ms`, { cause: error });
  const code = codeOf(error);
  return new TransportError('network', `${what} failed${code ? `: ${code}` : ''}`, { cause: error });
}

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return error instanceof Error ? error.message : undefined;
}

/** The signal that ends a call: the caller's, or our timeout, whichever comes first. */
export function callSignal(timeout: number, signal?: AbortSignal): { timer: AbortSignal; signal: AbortSignal } {
  const timer = AbortSignal.timeout(timeout);
  return { timer, signal: signal ? AbortSignal.any([signal, timer]) : timer };
}

export function toWire(request: { method: string; url: URL; headers: Headers; body: Uint8Array | undefined; timeout: number }): WireRequest {
  return { method: request.method, url: request.url.href, headers: [...request.headers], body: request.body, timeout: request.timeout };
}
