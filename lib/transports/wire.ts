import { EventEmitter } from 'node:events';
import type { DownloadResult, ExpectedHash } from '../downloads/download-types.js';
import type { DownloadTarget } from '../downloads/download-target.js';
import { DownloadError, type DownloadProblem } from '../errors/download-error.js';
import { redactUrls } from '../errors/redact.js';
import { TransportError, type TransportFailure } from '../errors/transport-error.js';
import type { WireMultipart } from '../media/form-data.js';
import type { MultipartUpload } from '../media/multipart-upload.js';

/** A request reduced to what can cross a thread boundary. */
export interface WireRequest {
  method: string;
  /** `https://api.mch.weixin.qq.com` */
  origin: string;
  /** Path and query, exactly as signed. */
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
  timeout: number;
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
  code: string | undefined;
  /** Set when the failure was a `DownloadError`, rebuilt as one on the other side. */
  download?: { problem: DownloadProblem; expected: string | undefined; actual: string | undefined };
  /** For an `internal` failure (not a transport error at all): the worker's error, to keep in `cause`. */
  name?: string;
  stack?: string;
}

export function failureOf(error: unknown): WireFailure {
  if (error instanceof DownloadError) {
    return { reason: 'network', message: error.message, code: undefined, download: { problem: error.reason, expected: error.expected, actual: error.actual } };
  }
  if (error instanceof TransportError) {
    const cause = error.cause as { code?: unknown } | undefined;
    return { reason: error.reason, message: error.message, code: typeof cause?.code === 'string' ? cause.code : undefined };
  }
  // Anything else is a bug in the worker, not a network failure: say so, and keep what a bug report needs.
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    reason: 'internal',
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : undefined,
    name: error instanceof Error ? error.name : typeof error,
    ...(error instanceof Error && error.stack !== undefined && { stack: error.stack }),
  };
}

export function errorOf(failure: WireFailure): TransportError | DownloadError {
  if (failure.download) {
    const { problem, expected, actual } = failure.download;
    return new DownloadError(problem, failure.message, { ...(expected && { expected }), ...(actual && { actual }) });
  }
  const cause = Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
  if (failure.reason === 'internal') {
    // The worker's own error, as close as a copy gets: its name, message, code and stack (which points into the worker).
    cause.name = failure.name ?? 'Error';
    if (failure.stack !== undefined) cause.stack = failure.stack;
    return new TransportError('internal', `the synchronous transport's worker failed (${cause.name}: ${redactUrls(failure.message)}); this is a bug, not a network failure, and the request may or may not have been sent`, { cause });
  }
  return new TransportError(failure.reason, failure.message, { cause });
}

/**
 * Maps a thrown fetch/undici error to a `TransportError`, telling a caller's abort from our timeout.
 * `what` is `METHOD URL` for the message, the URL's query values redacted (`safeUrl`).
 */
export function transportError(error: unknown, what: string, timeout: number, deadline: Deadline, signal?: AbortSignal): TransportError | DownloadError {
  if (error instanceof DownloadError) return error;
  if (signal?.aborted) return new TransportError('aborted', `${what} was aborted`, { cause: signal.reason ?? error });
  if (deadline.timedOut) return new TransportError('timeout', `${what} timed out after ${timeout} ms`, { cause: error });
  const code = codeOf(error);
  return new TransportError('network', `${what} failed${code ? `: ${redactUrls(code)}` : ''}`, { cause: error });
}

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return error instanceof Error ? error.message : undefined;
}

/**
 * What ends a call: the caller's signal, or our timeout, whichever comes first. undici takes it as it is (an
 * EventEmitter with `aborted` and `reason`, far cheaper per call than an AbortController and its EventTarget);
 * `signal` makes a WHATWG AbortSignal for fetch on demand. `dispose()` when the exchange is over.
 */
export class Deadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  #timedOut = false;
  #controller: AbortController | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(timeout: number, caller?: AbortSignal) {
    super();
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#abort(new DOMException(`timed out after ${timeout} ms`, 'TimeoutError'));
    }, timeout).unref();
    this.#caller = caller;
    if (caller?.aborted) this.#abort(caller.reason);
    else if (caller) {
      this.#onAbort = () => this.#abort(caller.reason);
      caller.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** The same deadline as a WHATWG AbortSignal. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController());
      if (this.aborted) controller.abort(this.reason);
      else this.once('abort', () => controller.abort(this.reason));
    }
    return this.#controller.signal;
  }

  /** Ends the timeout but keeps the caller's signal (a download past its answer's headers). */
  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#onAbort) this.#caller?.removeEventListener('abort', this.#onAbort);
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

interface Wireable {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
  timeout: number;
  security?: boolean;
  multipart?: MultipartUpload | undefined;
  download?: DownloadTarget | undefined;
}

export function toWire(request: Wireable): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  const { url, multipart, download } = request;
  const wire: WireRequest = { method: request.method, origin: url.origin, path: url.pathname + url.search, headers, body: request.body, timeout: request.timeout };
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
