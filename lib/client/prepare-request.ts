import { downloadTarget } from '../downloads/download-target.js';
import { checkCallRetry } from '../retry/policy.js';
import { ParameterError } from '../errors/parameter-error.js';
import { MultipartUpload } from '../media/multipart-upload.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { jsonText } from '../utils/json-text.js';
import { byteLimitProblem, timeoutProblem } from '../utils/limits.js';
import { queryString } from '../utils/query-string.js';
import { safeUrl } from '../utils/safe-url.js';
import { expandTemplate, placeholderNames } from '../utils/uri-template.js';
import { OPTION_NAMES, type CallOptions } from '../types/call-options.js';
import type { HttpMethod } from '../types/http-method.js';
import { copyHeaders, type WechatpayRequest } from '../types/request.js';

export interface RequestDefaults {
  baseURL: URL;
  /** The client's backup host, where the retry may move a call: an allowed origin too. */
  backupBaseURL?: URL | undefined;
  timeout: number;
  maxResponseBytes: number;
  headers: Headers;
}

/**
 * Turns a chain call into a request, checking every option first: an invalid call throws a
 * `ParameterError` here, before any middleware or transport sees it.
 */
export function prepareRequest(method: HttpMethod, template: string, input: unknown, sync: boolean, defaults: RequestDefaults): WechatpayRequest {
  const options = (input ?? {}) as CallOptions;
  if (!isPlainObject(options)) throw new ParameterError('options', 'must be a plain object');
  const placeholders = placeholderNames(template);
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key) && !placeholders.includes(key)) {
      const known = [...placeholders, ...OPTION_NAMES].join(', ');
      throw new ParameterError(key, `is not an option of ${method} ${template} (known: ${known})`);
    }
  }

  const protocol = /^\/*v2\//.test(template) ? 'v2' : 'v3';
  if (options.security !== undefined && typeof options.security !== 'boolean') throw new ParameterError('security', 'must be true or false');
  if (options.nonceless !== undefined && typeof options.nonceless !== 'boolean') throw new ParameterError('nonceless', 'must be true or false');
  if (options.idempotent !== undefined && typeof options.idempotent !== 'boolean') throw new ParameterError('idempotent', 'must be true or false');
  checkCallRetry(options.retry);
  if (options.xml !== undefined) {
    if (protocol !== 'v2') throw new ParameterError('xml', `is for APIv2 (v2/…) paths, not ${template}`);
    if (!isPlainObject(options.xml)) throw new ParameterError('xml', 'must be a plain object of strings and numbers');
    if (options.json !== undefined || options.body !== undefined) throw new ParameterError('xml', 'cannot be given together with json or body');
  }
  const path = expandTemplate(template, options);
  const base = options.baseURL === undefined ? defaults.baseURL : parseBase(options.baseURL);
  const url = resolveUrl(protocol === 'v2' ? path.replace(/^\/*v2\//, '') : path, base);
  checkOrigin(url, allowedOrigins(defaults, base), template, base);
  if (options.query !== undefined) {
    const extra = queryString(options.query);
    if (extra) url.search = url.search ? `${url.search}&${extra}` : `?${extra}`;
  }

  const headers = copyHeaders(defaults.headers);
  if (options.headers !== undefined) {
    if (!isPlainObject(options.headers)) throw new ParameterError('headers', 'must be a plain object of strings');
    for (const [name, value] of Object.entries(options.headers)) {
      if (typeof value !== 'string') throw new ParameterError(`headers.${name}`, `must be a string, got ${typeof value}`);
      try {
        headers.set(name, value);
      } catch {
        throw new ParameterError(`headers.${name}`, 'is not a valid header name or value');
      }
    }
  }

  const multipart = isUpload(options.body) ? uploadOf(method, protocol, options) : undefined;
  const body = multipart ? undefined : encodeBody(method, options, headers);
  const download = options.download === undefined ? undefined : downloadTarget(options.download, method, sync);
  return {
    method,
    url,
    headers,
    body,
    ...(multipart && { multipart }),
    ...(download && { download }),
    protocol,
    security: options.security === true,
    template,
    options,
    sync,
    timeout: timeoutOf(options.timeout, defaults.timeout),
    signal: signalOf(options.signal, sync),
    maxResponseBytes: maxResponseBytesOf(options.maxResponseBytes, defaults.maxResponseBytes),
  };
}

/** The path is always relative to the base (a checked one, from `parseBase`), so a base path such as `/hk/` is kept. */
function resolveUrl(path: string, base: URL): URL {
  try {
    return new URL(path.replace(/^\/+/, ''), base);
  } catch {
    // The URL parser trims spaces first, so ` // ` reads as an authority with no host.
    throw new ParameterError('path', `${JSON.stringify(path)} is not a path the URL parser can resolve against baseURL ${safeUrl(base)}`);
  }
}

/** Where a signed request may go: the client's baseURL and backup host, and the call's own `baseURL` option. */
function allowedOrigins(defaults: RequestDefaults, base: URL): string[] {
  return defaults.backupBaseURL ? [defaults.baseURL.origin, defaults.backupBaseURL.origin, base.origin] : [defaults.baseURL.origin, base.origin];
}

/**
 * The second line of defence behind the chain's path checks: whatever the path held, the URL it resolved to must be
 * on an allowed origin, or nothing is signed or sent. Query strings are not shown (they are added after this).
 */
function checkOrigin(url: URL, allowed: readonly string[], template: string, base: URL): void {
  // Also under the base path: a path the URL parser reads as absolute (a leading space before `/`) must not climb out.
  if (!allowed.includes(url.origin) || !url.pathname.startsWith(base.pathname)) {
    throw new ParameterError('path', `${JSON.stringify(template)} resolves to ${url.origin}${url.pathname}, outside baseURL ${safeUrl(base)}`);
  }
}

export function parseBase(base: string | URL): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ParameterError('baseURL', `is not an absolute URL: ${safeUrl(String(base))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ParameterError('baseURL', 'must be an http(s) URL');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

function encodeBody(method: HttpMethod, options: CallOptions, headers: Headers): Uint8Array | undefined {
  const { json, body } = options;
  if (json !== undefined && body !== undefined) throw new ParameterError('json', 'cannot be given together with body');
  if (json === undefined && body === undefined) return undefined;
  if (method === 'GET') throw new ParameterError(json !== undefined ? 'json' : 'body', 'a GET request carries no body');
  if (json !== undefined) {
    if (json === null || typeof json !== 'object') throw new ParameterError('json', 'must be an object or an array (give a string as body)');
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return UTF8.encode(jsonText(json, 'json'));
  }
  if (typeof body === 'string') return UTF8.encode(body);
  if (body instanceof Uint8Array) return body;
  throw new ParameterError('body', 'must be a string or a Uint8Array');
}

/** A `body` that is neither text nor bytes is an upload (`{ file, meta }`), checked here and read later. */
function isUpload(body: unknown): boolean {
  return body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array);
}

function uploadOf(method: HttpMethod, protocol: 'v2' | 'v3', options: CallOptions): MultipartUpload {
  if (options.json !== undefined) throw new ParameterError('json', 'cannot be given together with body');
  if (method === 'GET') throw new ParameterError('body', 'a GET request carries no body');
  if (protocol === 'v2') throw new ParameterError('body', 'multipart uploads are for APIv3 endpoints; APIv2 takes xml');
  return MultipartUpload.from(options.body);
}

/** Exact-size bytes (a Buffer may be a view into an 8 KiB pool, which a worker message would copy whole). */
const UTF8 = new TextEncoder();

function timeoutOf(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const problem = timeoutProblem(value);
  if (problem) throw new ParameterError('timeout', problem);
  return value as number;
}

function maxResponseBytesOf(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const problem = byteLimitProblem(value);
  if (problem) throw new ParameterError('maxResponseBytes', problem);
  return value as number;
}

function signalOf(value: unknown, sync: boolean): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) throw new ParameterError('signal', 'must be an AbortSignal');
  if (sync) throw new ParameterError('signal', 'only asynchronous calls can be aborted; a synchronous call takes a timeout');
  return value;
}
