import type { Deadline } from '../types/deadline.js';
import type { DownloadResult, ExpectedHash } from '../types/download-types.js';
import type { DownloadTarget } from '../downloads/download-target.js';
import { DownloadError, type DownloadProblem } from '../errors/download-error.js';
import { redactUrls } from '../errors/redact.js';
import { TransportError, type TransportFailure } from '../errors/transport-error.js';
import type { WireMultipart } from '../media/form-data.js';
import type { RequestUpload } from '../types/media-types.js';

/** A request reduced to what can cross a thread boundary. */
export interface WireRequest {
  method: string;
  /** `https://api.mch.weixin.qq.com` */
  origin: string;
  /** Path and query, exactly as signed. */
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
  /** The call's timeout: what messages name, and a download's longest pause. */
  timeout: number;
  /** Milliseconds left of the call's deadline when the exchange starts (default `timeout`): the exchange's own limit. */
  timeLeft?: number;
  /** The most bytes of an answer read into memory (a download's file is not counted). */
  maxResponseBytes: number;
  /** Over the mutual-TLS pool (the call's `security` option). */
  security?: boolean;
  /** An upload: sent as multipart instead of `body` (which holds the signed `meta`). */
  multipart?: WireMultipart;
  /** Stream a 2xx answer to a file instead of reading it. */
  download?: WireDownload;
}

/** The part of a download that crosses to the worker: the files and checks, not the caller's stream or callback. */
export interface WireDownload {
  path?: string;
  partial?: string;
  gunzip: boolean;
  hash?: ExpectedHash;
}

/** An answer reduced to what can cross a thread boundary. */
export interface WireResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
  /** What a download wrote (its body is then empty). */
  download?: DownloadResult;
}

/** A transport failure reduced to what can cross a thread boundary. */
export interface WireFailure {
  reason: TransportFailure;
  message: string;
  /** The original error (undici's, the socket's) and its own causes: an Error cannot cross with its class. */
  cause?: WireCause;
  /** Set when the failure was a `DownloadError`, rebuilt as one on the other side. */
  download?: { problem: DownloadProblem; expected: string | undefined; actual: string | undefined };
  /** For an `internal` failure (not a transport error at all): the worker's error, to keep in `cause`. */
  name?: string;
  code?: string;
  stack?: string;
}

/** An error's name, string `code` and message, which is what a caller reads of a `cause`. */
export interface WireCause {
  name: string;
  message: string;
  code?: string;
  cause?: WireCause;
}

export function failureOf(error: unknown): WireFailure {
  if (error instanceof DownloadError) {
    return { reason: 'network', message: error.message, download: { problem: error.reason, expected: error.expected, actual: error.actual } };
  }
  if (error instanceof TransportError) return withCause({ reason: error.reason, message: error.message }, wireCause(error.cause));
  // Anything else is a bug in the worker, not a network failure: say so, and keep what a bug report needs.
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    reason: 'internal',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' && { code }),
    name: error instanceof Error ? error.name : typeof error,
    ...(error instanceof Error && error.stack !== undefined && { stack: error.stack }),
  };
}

export function errorOf(failure: WireFailure): TransportError | DownloadError {
  if (failure.download) {
    const { problem, expected, actual } = failure.download;
    return new DownloadError(problem, failure.message, { ...(expected && { expected }), ...(actual && { actual }) });
  }
  if (failure.reason === 'internal') {
    // The worker's own error, as close as a copy gets: its name, message, code and stack (which points into the worker).
    const cause = Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
    cause.name = failure.name ?? 'Error';
    if (failure.stack !== undefined) cause.stack = failure.stack;
    return new TransportError(
      'internal',
      `the synchronous transport's worker failed (${cause.name}: ${redactUrls(failure.message)}); this is a bug, not a network failure, and the request may or may not have been sent`,
      { cause },
    );
  }
  return new TransportError(failure.reason, failure.message, { cause: failure.cause ? causeOf(failure.cause) : new Error(failure.message) });
}

function withCause(failure: WireFailure, cause: WireCause | undefined): WireFailure {
  return cause ? { ...failure, cause } : failure;
}

/** Up to four levels of causes: enough for undici's wrapping, bounded against a cycle. */
function wireCause(error: unknown, depth = 0): WireCause | undefined {
  if (!(error instanceof Error) || depth > 3) return undefined;
  const code = (error as { code?: unknown }).code;
  const cause = wireCause(error.cause, depth + 1);
  return { name: error.name, message: error.message, ...(typeof code === 'string' && { code }), ...(cause && { cause }) };
}

function causeOf(wire: WireCause): Error {
  const error = new Error(wire.message, wire.cause && { cause: causeOf(wire.cause) });
  error.name = wire.name;
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  return error;
}

/**
 * Maps a thrown fetch/undici error to a `TransportError`, telling a caller's abort from our timeout.
 * `what` is `METHOD URL` for the message, the URL's query values redacted (`safeUrl`).
 */
export function transportError(
  error: unknown,
  what: string,
  timeout: number,
  deadline: Deadline,
  signal?: AbortSignal,
): TransportError | DownloadError {
  if (error instanceof DownloadError || error instanceof TransportError) return error;
  if (signal?.aborted) {
    // `AbortSignal.timeout()` given as the signal is a timeout the caller chose, not an abort.
    if ((signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError')
      return new TransportError('timeout', `${what} timed out (its signal's timeout)`, { cause: signal.reason });
    return new TransportError('aborted', `${what} was aborted`, { cause: signal.reason ?? error });
  }
  if (deadline.timedOut) return new TransportError('timeout', `${what} timed out after ${timeout} ms`, { cause: error });
  const code = codeOf(error);
  const reason = neverSent(error) ? 'connect' : 'network';
  const how = reason === 'connect' ? 'failed to connect' : 'failed';
  return new TransportError(reason, `${what} ${how}${code ? `: ${redactUrls(code)}` : ''}`, { cause: error });
}

/** Codes that only a failed connection set-up gives (DNS, TCP connect, TLS certificate checks): nothing was sent. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  // OpenSSL's handshake-only failures: not TLS at all on the other side, no protocol or cipher in common.
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
]);

/**
 * Whether the request surely never left: a failure of the connection's set-up (the `connect` reason, which a retry
 * may repeat on any call). A reset is one only when it came before the TLS handshake ended, or when undici's socket
 * had written nothing; any doubt leaves it `network` (maybe sent).
 */
function neverSent(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const { code, syscall, socket } = e as { code?: unknown; syscall?: unknown; socket?: { bytesWritten?: unknown } };
    if (typeof code === 'string' && CONNECT_CODES.has(code)) return true;
    if (syscall === 'connect' || syscall === 'getaddrinfo') return true;
    if (code === 'ECONNRESET' && e.message.includes('before secure TLS connection was established')) return true;
    if (code === 'UND_ERR_SOCKET' && socket?.bytesWritten === 0) return true;
  }
  return false;
}

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return error instanceof Error ? error.message : undefined;
}

/**
 * Reads an answer's body into memory, up to `limit` bytes: past it (or when `Content-Length` announces more), it stops
 * reading, lets the stream go (which closes the connection) and fails with a `TransportError` `too_large`.
 */
export async function readCapped(
  body: AsyncIterable<Uint8Array>,
  limit: number,
  announced: string | null | undefined,
  what: string,
): Promise<Uint8Array> {
  const tooLarge = (length?: string) => {
    const said = length ? ` (Content-Length ${length})` : '';
    return new TransportError(
      'too_large',
      `${what}: the answer is larger than maxResponseBytes, ${limit} bytes${said}, and was not read further; raise maxResponseBytes on the client or for the call, or stream a file with the download option`,
    );
  };
  if (announced && /^\d+$/.test(announced) && Number(announced) > limit) {
    await release(body);
    throw tooLarge(announced);
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    // Leaving the loop ends the iteration, which destroys a node stream or cancels a WHATWG one.
    if (size > limit) throw tooLarge();
    parts.push(chunk);
  }
  // Its own exact-size buffer (never a slice of Buffer's shared pool): the synchronous worker transfers it whole.
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** Drops a body that will not be read: a node stream is destroyed, a WHATWG stream cancelled. */
async function release(body: AsyncIterable<Uint8Array>): Promise<void> {
  const stream = body as { destroy?: () => void; cancel?: () => Promise<void> };
  if (typeof stream.destroy === 'function') stream.destroy();
  else if (typeof stream.cancel === 'function') await stream.cancel().catch(() => undefined);
}

interface Wireable {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
  timeout: number;
  maxResponseBytes: number;
  security?: boolean;
  multipart?: RequestUpload | undefined;
  download?: DownloadTarget | undefined;
}

export function toWire(request: Wireable): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  const { url, multipart, download } = request;
  const wire: WireRequest = {
    method: request.method,
    origin: url.origin,
    path: url.pathname + url.search,
    headers,
    body: request.body,
    timeout: request.timeout,
    maxResponseBytes: request.maxResponseBytes,
  };
  if (request.security) wire.security = true;
  if (multipart?.meta !== undefined) {
    // The boundary is the form's own; a Content-Type set for the JSON calls would break it.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
    const parts = multipart.parts.map(({ name, filename, contentType, source }) => ({ name, filename, contentType, ...source }));
    wire.multipart = { meta: multipart.meta, parts };
  }
  if (download) {
    const { path, partial, gunzip, hash } = download;
    wire.download = { gunzip, ...(path !== undefined && { path, partial }), ...(hash && { hash }) };
  }
  return wire;
}

/** The TLS settings of the two undici pools: `ca` for both, the merchant's client certificate for mutual TLS. */
export interface WireTls {
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  merchant?: { cert?: string | Uint8Array; key?: string | Uint8Array; pfx?: Uint8Array; passphrase?: string };
}

/** The undici `connect` options of one pool; the material stays inside the Agent (never in a message). */
export function connectOptions(tls: WireTls | undefined, mutual: boolean): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  if (tls?.ca !== undefined) options.ca = tls.ca;
  if (mutual && tls?.merchant) {
    const { cert, key, pfx, passphrase } = tls.merchant;
    Object.assign(options, pfx !== undefined ? { pfx, passphrase } : { cert, key, passphrase });
  }
  return Object.keys(options).length > 0 ? options : undefined;
}
